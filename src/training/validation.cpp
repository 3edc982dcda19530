#include "training/validation.h"

#include "core/batches.h"
#include "core/error.h"
#include "evaluation/comparison_grid.h"
#include "metrics/protocol.h"
#include "models/convention.h"
#include "resample/pil_resize.h"

namespace facesr::training {

namespace {

// Tensors in a convention's value space back to RGB8, rounding (exact for
// tensors made from uint8 images).
std::vector<cv::Mat> to_faces(const torch::Tensor& batch, ImageConvention convention, int size) {
  convention.output_size = size;
  convention.quantize = Quantize::Round;
  return output_to_faces(batch, convention);
}

double mean_psnr(const std::vector<cv::Mat>& sr, const std::vector<cv::Mat>& hr) {
  double sum = 0;
  for (size_t i = 0; i < sr.size(); ++i) sum += metrics::score_pair(sr[i], hr[i], metrics::Protocol::SPARNet).psnr;
  return sr.empty() ? 0 : sum / sr.size();
}

}  // namespace

ValidationSet make_validation_set(const std::vector<std::filesystem::path>& files, const Objective& objective,
                                  const ImageConvention& convention) {
  ValidationSet set;
  std::mt19937_64 rng(0);  // unaugmented samples draw nothing; fixed for safety
  for (const auto& file : files) {
    try {
      std::vector<torch::Tensor> sample = objective.make_sample(read_face_image(file), rng, /*augment=*/false);
      set.names.push_back(file.stem().string());
      set.hr.push_back(to_faces(sample[1].unsqueeze(0), convention, convention.output_size)[0]);
      set.inputs.push_back(sample[0]);
      set.targets.push_back(sample[1]);
    } catch (const Error& e) {
      set.problems.push_back(e.what());
    }
  }
  return set;
}

ValidationResult validate(SRNetwork& generator, const ValidationSet& set, const ImageConvention& convention,
                          torch::Device device, int batch_size, int grid_rows) {
  ValidationResult result;
  if (set.inputs.empty()) return result;
  const bool was_training = generator.is_training();
  generator.eval();
  std::vector<cv::Mat> sr, bicubic;
  double l1_sum = 0;
  {
    torch::InferenceMode inference;
    for_each_batch(set.inputs.size(), batch_size, [&](size_t begin, size_t end) {
      const std::vector<torch::Tensor> in(set.inputs.begin() + begin, set.inputs.begin() + end);
      const std::vector<torch::Tensor> tg(set.targets.begin() + begin, set.targets.begin() + end);
      const torch::Tensor input = torch::stack(in);
      const torch::Tensor output = generator.forward(input.to(device)).to(torch::kCPU, torch::kFloat32);
      l1_sum += torch::l1_loss(output, torch::stack(tg), at::Reduction::Sum).item<double>();
      for (const cv::Mat& face : output_to_faces(output, convention)) sr.push_back(face);
      for (cv::Mat face : to_faces(input, convention, convention.input_size)) {
        if (face.rows != convention.output_size) {
          // Networks fed the LR itself: the baseline is PIL bicubic of it.
          face = pil_resize(face, {convention.output_size, convention.output_size});
        }
        bicubic.push_back(face);
      }
    });
  }
  if (was_training) generator.train();
  result.l1 = l1_sum / (static_cast<double>(set.targets.size()) * set.targets.front().numel());
  result.psnr = mean_psnr(sr, set.hr);
  result.bicubic_psnr = mean_psnr(bicubic, set.hr);

  evaluation::EvalSet shown;
  const size_t rows = std::min(set.hr.size(), static_cast<size_t>(grid_rows));
  for (size_t i = 0; i < rows; ++i) {
    // The network's own input where it reads the LR as it is (restoration
    // models: the degraded face); else the LR its input was upsampled from.
    const cv::Mat lr = convention.input_size == convention.lr_size
                           ? to_faces(set.inputs[i].unsqueeze(0), convention, convention.input_size)[0]
                           : pil_resize(set.hr[i], {convention.lr_size, convention.lr_size});
    shown.images.push_back({set.names[i], set.hr[i], lr, {}});
  }
  std::vector<evaluation::MethodOutput> methods{{"bicubic", {bicubic.begin(), bicubic.begin() + rows}, 0},
                                                {"model", {sr.begin(), sr.begin() + rows}, 0}};
  result.grid = evaluation::comparison_grid(shown, methods, static_cast<int>(rows));
  return result;
}

}  // namespace facesr::training
