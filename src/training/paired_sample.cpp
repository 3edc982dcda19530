#include "training/paired_sample.h"

#include "models/convention.h"
#include "training/degradation/blind_degradation.h"
#include "training/paired_bicubic.h"

namespace facesr::training {

torch::Tensor faces_to_target(const std::vector<cv::Mat>& hr_faces, const ImageConvention& convention) {
  // The input conversion with no resampling step is exactly the output's inverse.
  ImageConvention same_size = convention;
  same_size.lr_size = same_size.input_size = convention.output_size;
  return faces_to_input(hr_faces, same_size);
}

std::vector<torch::Tensor> paired_sample(const ImageConvention& convention, const cv::Mat& rgb, bool augment,
                                         std::mt19937_64& rng) {
  const PairedFaces pair = paired_bicubic(rgb, convention.output_size, convention.lr_size, augment, rng);
  return {faces_to_input({pair.lr}, convention)[0], faces_to_target({pair.hr}, convention)[0]};
}

std::vector<torch::Tensor> degraded_sample(const ImageConvention& convention, const BlindDegradationRanges& ranges,
                                           const cv::Mat& rgb, bool augment, std::mt19937_64& rng) {
  const int size = convention.output_size;
  const cv::Mat hr = augmented_hr(rgb, size, augment, rng);
  const BlindSample s = augment ? blind_degradation(hr, rng, size, ranges) : changed_blind_degradation(hr, rng, size, ranges);
  return {faces_to_input({s.lq}, convention)[0], faces_to_target({s.hr}, convention)[0]};
}

}  // namespace facesr::training
