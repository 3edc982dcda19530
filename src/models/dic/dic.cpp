#include "models/dic/dic.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/error.h"
#include "models/tensor_checks.h"
#include "models/dic/conv_blocks.h"
#include "models/dic/heatmap_groups.h"

namespace facesr::dic {

DICImpl::DICImpl(int64_t num_groups) {
  const int64_t f = kNumFeatures;
  // 4f channels, pixel-shuffled to f channels at twice the LR size.
  conv_in = register_module("conv_in", conv_prelu(3, 4 * f, 3));
  first_block = register_module("first_block", FeedbackBlockCustom(f, num_groups));
  block = register_module("block", FeedbackBlockHeatmapAttention(f, num_groups, kNumComponents, kNumFusionBlocks));
  // x4 transposed conv: 2x LR size -> 8x LR size.
  out = register_module("out", deconv_prelu(f, f, /*kernel=*/8, /*stride=*/4, /*padding=*/2));
  conv_out = register_module("conv_out", conv_only(f, 3, 3));
  HG = register_module("HG", FeedbackHourglass(kHourglassFeatures, kNumLandmarks));
}

torch::Tensor DICImpl::forward(torch::Tensor lr) { return forward_steps(lr).sr.back(); }

DICSteps DICImpl::forward_steps(const torch::Tensor& lr) {
  require_image_batch(lr, 3, "DIC");
  if (lr.size(2) % 8 != 0 || lr.size(3) % 8 != 0 || lr.size(2) == 0 ||
      lr.size(3) == 0) {
    throw Error(fmt::format(
        "DIC: expected a (B,3,H,W) LR batch with H and W multiples of 8 (the released model takes 16x16), got {}",
        fmt::join(lr.sizes(), "x")));
  }
  namespace F = torch::nn::functional;
  const auto global_residual =
      F::interpolate(lr, F::InterpolateFuncOptions()
                             .scale_factor(std::vector<double>{double(kScale), double(kScale)})
                             .mode(torch::kBilinear)
                             .align_corners(false));
  const auto features = torch::pixel_shuffle(conv_in->forward(lr), 2);
  const auto reconstruct = [&](const torch::Tensor& sr_features) {
    return global_residual + conv_out->forward(out->forward(sr_features));
  };

  DICSteps steps;
  // Step 0: coarse SR without landmarks; FB_att's hidden state starts from it.
  auto hidden = first_block->forward(features);
  auto sr = reconstruct(hidden);
  auto landmarks = HG->forward(sr);
  steps.sr.push_back(sr);
  steps.heatmaps.push_back(landmarks.heatmaps);
  for (int64_t t = 1; t < kNumSteps; ++t) {
    hidden = block->forward(features, hidden, merge_heatmaps_to_components(landmarks.heatmaps));
    sr = reconstruct(hidden);
    landmarks = HG->forward(sr, landmarks.hidden);
    steps.sr.push_back(sr);
    steps.heatmaps.push_back(landmarks.heatmaps);
  }
  return steps;
}

}  // namespace facesr::dic
