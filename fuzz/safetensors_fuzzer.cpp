// safetensors header and tensor table: any file either opens and yields
// every tensor it lists, or throws one facesr::Error.
#include "core/error.h"
#include "fuzz_input_file.h"
#include "io/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = facesr::fuzz::write_input_file(data, size, ".safetensors");
  try {
    const auto file = facesr::safetensors::File::open(path);
    for (const auto& entry : file.entries()) {
      const torch::Tensor tensor = file.tensor(entry.name);
      // Every byte the table promises must be readable.
      if (tensor.numel() > 0) (void)tensor.sum().item<double>();
    }
  } catch (const facesr::Error&) {
  }
  return 0;
}
