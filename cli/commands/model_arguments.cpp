#include "commands/model_arguments.h"

#include "commands/number_checks.h"
#include "runtime/runtime.h"

namespace facesr::cli {

FaceUpscaler ModelArguments::make_upscaler() const {
  FaceUpscaler upscaler = FaceUpscaler::open(model, weights, select_device(device));
  upscaler.set_flip_ensemble(flip_ensemble);
  upscaler.set_bf16(bf16);
  return upscaler;
}

const char* const kFlipEnsembleHelp =
    "Also run each face mirrored and average the two results (flip self-ensemble): a little more PSNR "
    "(+0.04-0.06 dB on the bundled models), twice the network time";

const char* const kBf16Help =
    "Convolutions in bfloat16 (CPUs with AVX512_BF16 only): about 1.2x the faces/s, PSNR within 0.003 dB of "
    "float32 on the bundled models";

void add_model_arguments(CLI::App& cmd, ModelArguments& options) {
  cmd.add_option("-m,--model", options.model,
                 "Zoo model (see `facesr models`); default: the one the weights name, or with no -w the bundled "
                 "sparnet-tiny trained on UTKFace");
  cmd.add_option("-w,--weights", options.weights, "Model weights (.safetensors); not needed for bicubic");
  cmd.add_option("-b,--batch-size", options.batch_size, "Faces per forward pass")
      ->capture_default_str()
      ->check(kPositive);
  cmd.add_option("--device", options.device, "cpu, cuda or cuda:N")->capture_default_str();
  cmd.add_flag("--flip-ensemble", options.flip_ensemble, kFlipEnsembleHelp);
  cmd.add_flag("--bf16", options.bf16, kBf16Help);
}

}  // namespace facesr::cli
