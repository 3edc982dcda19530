// Checkpoint loading into a real model: a safetensors file loaded into the
// bundled default's architecture (a narrow SPARNet, made tinier so its
// checkpoint makes a small seed). Mis-shaped, missing, extra, wrong-dtype,
// NaN or garbage weights either load or throw one facesr::Error; what loads
// leaves the model finite and runnable.
#include <cstdlib>

#include "core/error.h"
#include "fuzz_input_file.h"
#include "models/sparnet/sparnet.h"
#include "weights/state_dict.h"

namespace {

facesr::sparnet::SPARNet make_model() {
  return facesr::sparnet::SPARNet(facesr::sparnet::SPARNetOptions()
                             .min_channels(4)
                             .max_channels(8)
                             .res_depth(1)
                             .hourglass_channels(4)
                             .in_size(128)
                             .out_size(128));
}

}  // namespace

// FACESR_FUZZ_WRITE_SEED=PATH writes the model's own weights (the seed
// corpus, scripts/fuzz.sh) and exits.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  torch::set_num_threads(1);
  if (const char* seed = std::getenv("FACESR_FUZZ_WRITE_SEED")) {
    facesr::save_weights(*make_model(), seed);
    std::exit(0);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = facesr::fuzz::write_input_file(data, size, ".safetensors");
  facesr::sparnet::SPARNet model = make_model();
  try {
    facesr::load_weights(*model, path);
  } catch (const facesr::Error&) {
    return 0;
  }
  for (const auto& entry : facesr::state_entries(*model))
    if (entry.second.is_floating_point() && !torch::isfinite(entry.second).all().item<bool>()) __builtin_trap();
  model->eval();
  torch::NoGradGuard no_grad;
  (void)model->forward(torch::zeros({1, 3, 64, 64}));  // its smallest input
  return 0;
}
