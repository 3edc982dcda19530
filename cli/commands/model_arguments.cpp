#include "commands/model_arguments.h"

#include "commands/number_checks.h"
#include "runtime/runtime.h"

namespace facesr::cli {

FaceUpscaler ModelArguments::make_upscaler() const {
  return FaceUpscaler::open(model, weights, select_device(device));
}

void add_model_arguments(CLI::App& cmd, ModelArguments& options) {
  cmd.add_option("-m,--model", options.model,
                 "Zoo model (see `facesr models`); default: the one the weights name, or with no -w the bundled "
                 "sparnet-tiny trained on UTKFace");
  cmd.add_option("-w,--weights", options.weights, "Model weights (.safetensors); not needed for bicubic");
  cmd.add_option("-b,--batch-size", options.batch_size, "Faces per forward pass")
      ->capture_default_str()
      ->check(kPositive);
  cmd.add_option("--device", options.device, "cpu, cuda or cuda:N")->capture_default_str();
}

}  // namespace facesr::cli
