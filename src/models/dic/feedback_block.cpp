#include "models/dic/feedback_block.h"

#include "core/error.h"
#include "models/dic/conv_blocks.h"

namespace facesr::dic {

namespace {

// SRFBN's x8 projection geometry (dic.md §2 note).
constexpr int64_t kProjectionKernel = 12;
constexpr int64_t kProjectionStride = 8;
constexpr int64_t kProjectionPadding = 2;

}  // namespace

FeedbackBlockBase::FeedbackBlockBase(int64_t num_features, int64_t num_groups, int64_t in_channels)
    : num_groups_(num_groups) {
  if (num_groups < 1) throw Error("DIC feedback block: num_groups must be at least 1 (released: 6)");
  compress_in = register_module("compress_in", conv_prelu(in_channels, num_features, 1));
  upBlocks = register_module("upBlocks", torch::nn::ModuleList());
  downBlocks = register_module("downBlocks", torch::nn::ModuleList());
  uptranBlocks = register_module("uptranBlocks", torch::nn::ModuleList());
  downtranBlocks = register_module("downtranBlocks", torch::nn::ModuleList());
  for (int64_t g = 0; g < num_groups; ++g) {
    upBlocks->push_back(
        deconv_prelu(num_features, num_features, kProjectionKernel, kProjectionStride, kProjectionPadding));
    downBlocks->push_back(
        conv_prelu(num_features, num_features, kProjectionKernel, kProjectionStride, kProjectionPadding));
    if (g > 0) {
      uptranBlocks->push_back(conv_prelu(num_features * (g + 1), num_features, 1));
      downtranBlocks->push_back(conv_prelu(num_features * (g + 1), num_features, 1));
    }
  }
  compress_out = register_module("compress_out", conv_prelu(num_groups * num_features, num_features, 1));
}

torch::Tensor FeedbackBlockBase::project(const torch::Tensor& l0) {
  std::vector<torch::Tensor> low{l0};
  std::vector<torch::Tensor> high;
  for (int64_t g = 0; g < num_groups_; ++g) {
    // Each projection sees every earlier result, squeezed back to one group
    // of channels by a 1x1 conv (dense feedback connections).
    auto low_in = torch::cat(low, 1);
    if (g > 0) low_in = uptranBlocks[g - 1]->as<torch::nn::Sequential>()->forward(low_in);
    high.push_back(upBlocks[g]->as<torch::nn::Sequential>()->forward(low_in));

    auto high_in = torch::cat(high, 1);
    if (g > 0) high_in = downtranBlocks[g - 1]->as<torch::nn::Sequential>()->forward(high_in);
    low.push_back(downBlocks[g]->as<torch::nn::Sequential>()->forward(high_in));
  }
  // The block input L_0 is left out of the output.
  return compress_out->forward(torch::cat(std::vector<torch::Tensor>(low.begin() + 1, low.end()), 1));
}

FeedbackBlockCustomImpl::FeedbackBlockCustomImpl(int64_t num_features, int64_t num_groups)
    : FeedbackBlockBase(num_features, num_groups, num_features) {}

torch::Tensor FeedbackBlockCustomImpl::forward(const torch::Tensor& features) {
  return project(compress(features));
}

FeedbackBlockHeatmapAttentionImpl::FeedbackBlockHeatmapAttentionImpl(int64_t num_features, int64_t num_groups,
                                                                     int64_t num_heatmaps, int64_t num_fusion_blocks)
    : FeedbackBlockBase(num_features, num_groups, 2 * num_features) {
  fusion_block =
      register_module("fusion_block", FeatureHeatmapFusingBlock(num_features, num_heatmaps, num_fusion_blocks));
}

torch::Tensor FeedbackBlockHeatmapAttentionImpl::forward(const torch::Tensor& features, const torch::Tensor& hidden,
                                                         const torch::Tensor& component_heatmaps) {
  return project(fusion_block->forward(compress(torch::cat({features, hidden}, 1)), component_heatmaps));
}

}  // namespace facesr::dic
