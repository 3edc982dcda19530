// DIC's feedback blocks: the SRFBN projection unit (dic.md §2) with its two
// entry variants. Both run on the 32x32 LR features (2x the LR size), yet
// keep SRFBN's x8 projection (kernel 12, stride 8, padding 2), so every
// up-projection works at 256x256.
#pragma once

#include <torch/torch.h>

#include "models/dic/feature_heatmap_fusing_block.h"

namespace facesr::dic {

// The projection groups shared by both variants. Children are registered in
// the official order (compress_in, upBlocks, downBlocks, uptranBlocks,
// downtranBlocks, compress_out), so state_dict keys and order match.
class FeedbackBlockBase : public torch::nn::Module {
 public:
  int64_t num_groups() const { return num_groups_; }

 protected:
  FeedbackBlockBase(int64_t num_features, int64_t num_groups, int64_t in_channels);

  // compress_in: the 1x1 conv + PReLU giving the block input L_0.
  torch::Tensor compress(const torch::Tensor& x) { return compress_in->forward(x); }
  // The projection groups on L_0; returns compress_out(concat(L_1..L_G)).
  torch::Tensor project(const torch::Tensor& l0);

 private:
  int64_t num_groups_;
  torch::nn::Sequential compress_in{nullptr};
  torch::nn::ModuleList upBlocks{nullptr};
  torch::nn::ModuleList downBlocks{nullptr};
  torch::nn::ModuleList uptranBlocks{nullptr};
  torch::nn::ModuleList downtranBlocks{nullptr};
  torch::nn::Sequential compress_out{nullptr};
};

// FB_first (official FeedbackBlockCustom): the first step's block, fed with
// the LR features only.
class FeedbackBlockCustomImpl : public FeedbackBlockBase {
 public:
  FeedbackBlockCustomImpl(int64_t num_features, int64_t num_groups);
  torch::Tensor forward(const torch::Tensor& features);
};
TORCH_MODULE(FeedbackBlockCustom);

// FB_att (official FeedbackBlockHeatmapAttention): later steps' block. It
// compresses [features, hidden] and steers them with the previous step's
// component heatmaps through the attentive fusion module. Its output is
// the next step's hidden state; the caller keeps that state.
class FeedbackBlockHeatmapAttentionImpl : public FeedbackBlockBase {
 public:
  FeedbackBlockHeatmapAttentionImpl(int64_t num_features, int64_t num_groups, int64_t num_heatmaps,
                                    int64_t num_fusion_blocks);
  torch::Tensor forward(const torch::Tensor& features, const torch::Tensor& hidden,
                        const torch::Tensor& component_heatmaps);

 private:
  FeatureHeatmapFusingBlock fusion_block{nullptr};
};
TORCH_MODULE(FeedbackBlockHeatmapAttention);

}  // namespace facesr::dic
