#include "inference/face_upscaler.h"

#include <fmt/format.h>

#include "core/error.h"
#include "io/safetensors.h"
#include "models/convention.h"
#include "resample/pil_resize.h"
#include "weights/state_dict.h"

namespace facesr {

FaceUpscaler::FaceUpscaler(const ModelSpec& spec, const std::string& weights, torch::Device device,
                           std::optional<InferenceTuning> tuning)
    : FaceUpscaler(spec, weights, nullptr, device, tuning) {}

FaceUpscaler::FaceUpscaler(const ModelChoice& choice, torch::Device device)
    : FaceUpscaler(find_model(choice.model), choice.weights, choice.file ? &*choice.file : nullptr, device,
                   std::nullopt) {}

FaceUpscaler::FaceUpscaler(const ModelSpec& spec, const std::string& weights, const safetensors::File* opened,
                           torch::Device device, std::optional<InferenceTuning> tuning)
    : spec_(spec), device_(device), tuning_(tuning ? *tuning : default_tuning(device, spec)) {
  if (!spec.make) {
    if (!weights.empty()) throw Error(fmt::format("-m {} is a fixed resampler and takes no weights; drop -w", spec.name));
    return;
  }
  if (weights.empty())
    throw Error(fmt::format("-m {} needs -w WEIGHTS.safetensors (convert the official checkpoint with "
                            "tools/convert_checkpoint.py --arch {})",
                            spec.name, spec.name));
  const safetensors::File file = opened ? *opened : safetensors::File::open(weights);
  const auto arch = file.metadata().find("facesr_arch");
  if (arch != file.metadata().end() && arch->second != spec.name)
    throw Error(fmt::format("{}: weights are for '{}', not '{}'; pass -m {}", weights, arch->second, spec.name,
                            arch->second));
  // Trained variants (e.g. a narrower SPARNet) record their constructor options.
  ModelOptions options = ModelOptions::object();
  if (const auto saved = file.metadata().find("facesr_options"); saved != file.metadata().end()) {
    options = ModelOptions::parse(saved->second, nullptr, /*allow_exceptions=*/false);
    if (options.is_discarded()) throw Error(fmt::format("{}: facesr_options metadata is not JSON", weights));
  }
  network_ = spec.make(options);
  load_state(*network_, file.tensors(), weights);
  prepare_network(*network_, device_, tuning_);
}

FaceUpscaler FaceUpscaler::open(const std::string& model, const std::string& weights, torch::Device device) {
  return FaceUpscaler(choose_model(model, weights), device);
}

std::vector<cv::Mat> FaceUpscaler::upscale(const std::vector<cv::Mat>& faces) {
  const ImageConvention& c = spec_.convention;
  std::vector<cv::Mat> lr;
  lr.reserve(faces.size());
  for (const cv::Mat& f : faces)
    lr.push_back(f.rows == c.lr_size && f.cols == c.lr_size ? f : pil_resize(f, {c.lr_size, c.lr_size}));

  if (!network_) {
    std::vector<cv::Mat> out;
    for (const cv::Mat& f : lr) out.push_back(pil_resize(f, {c.output_size, c.output_size}));
    return out;
  }
  return run(lr, c);
}

void FaceUpscaler::set_bf16(bool on) {
  if (on == tuning_.conv.bf16) return;
  if (on)
    if (const std::string why = bf16_unavailable(tuning_.conv, device_); !why.empty())
      throw Error("--bf16 " + why + "; run without --bf16");
  tuning_.conv.bf16 = on;
  if (network_) set_conv_backend(*network_, tuning_.conv);
}

bool FaceUpscaler::restores_in_place() const {
  const ImageConvention& c = spec_.convention;
  return network_ && c.lr_size == c.output_size && c.input_size == c.output_size;
}

std::vector<cv::Mat> FaceUpscaler::restore_at_own_size(const std::vector<cv::Mat>& faces) {
  if (!restores_in_place())
    throw Error(fmt::format("{} upsamples {} px faces; only restoration models restore faces at their own size",
                            spec_.name, spec_.convention.lr_size));
  if (faces.empty()) return {};
  const int size = faces.front().cols;
  for (const cv::Mat& f : faces)
    if (f.rows != size || f.cols != size || size % 32 != 0 || size < spec_.convention.output_size)
      throw Error(fmt::format("{}: faces restored at their own size must share one square size, a multiple of 32 "
                              "of at least {} px; got {}x{}",
                              spec_.name, spec_.convention.output_size, f.cols, f.rows));
  ImageConvention c = spec_.convention;
  c.lr_size = c.input_size = c.output_size = size;
  return run(faces, c);
}

std::vector<cv::Mat> FaceUpscaler::run(const std::vector<cv::Mat>& inputs, const ImageConvention& convention) {
  torch::InferenceMode inference;
  const torch::Tensor input = faces_to_input(inputs, convention);
  torch::Tensor output = run_network(*network_, input, device_, tuning_);
  if (flip_ensemble_) {
    const torch::Tensor mirrored = run_network(*network_, input.flip({3}), device_, tuning_).flip({3});
    output = (output + mirrored) * 0.5;
  }
  return output_to_faces(output, convention);
}

}  // namespace facesr
