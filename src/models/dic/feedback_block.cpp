#include "models/dic/feedback_block.h"

#include "core/error.h"
#include "models/dic/conv_blocks.h"

namespace facesr::dic {

namespace {

// SRFBN's x8 projection geometry (dic.md §2 note).
constexpr int64_t kProjectionKernel = 12;
constexpr int64_t kProjectionStride = 8;
constexpr int64_t kProjectionPadding = 2;

// The growing list of a block's projection results, read as one channel
// concatenation after every group. torch::cat copies the whole list again
// each time (for the 256×256 up-projections, 1 GB per DIC forward). At
// inference each result is instead copied once into a channels-last buffer
// and the concatenation is a channel slice of it, which the 1×1 transitions
// read in place when they run on oneDNN (OneDnnConv). Autograd needs cat's
// copies, so training keeps them.
class ChannelStack {
 public:
  explicit ChannelStack(int64_t capacity) : capacity_(capacity) {}

  void push_back(const torch::Tensor& t) {
    if (count_++ == 0) in_buffer_ = !torch::GradMode::is_enabled() && t.is_contiguous(torch::MemoryFormat::ChannelsLast);
    last_ = t;
    if (!in_buffer_) {
      parts_.push_back(t);
      return;
    }
    if (!buffer_.defined())
      buffer_ = torch::empty({t.size(0), capacity_ * t.size(1), t.size(2), t.size(3)},
                             t.options().memory_format(torch::MemoryFormat::ChannelsLast));
    buffer_.slice(1, (count_ - 1) * t.size(1), count_ * t.size(1)).copy_(t);
  }

  // The parts from `first` on as one N×(parts·C)×H×W tensor.
  torch::Tensor concatenated(int64_t first = 0) const {
    if (count_ - first == 1) return last_;
    if (!in_buffer_) return torch::cat(std::vector<torch::Tensor>(parts_.begin() + first, parts_.end()), 1);
    const int64_t channels = last_.size(1);
    return buffer_.slice(1, first * channels, count_ * channels);
  }

 private:
  int64_t capacity_, count_ = 0;
  bool in_buffer_ = false;
  torch::Tensor buffer_, last_;
  std::vector<torch::Tensor> parts_;
};

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
  ChannelStack low(num_groups_ + 1), high(num_groups_);
  low.push_back(l0);
  for (int64_t g = 0; g < num_groups_; ++g) {
    // Each projection sees every earlier result, squeezed back to one group
    // of channels by a 1x1 conv (dense feedback connections).
    auto low_in = low.concatenated();
    if (g > 0) low_in = uptranBlocks[g - 1]->as<torch::nn::Sequential>()->forward(low_in);
    high.push_back(upBlocks[g]->as<torch::nn::Sequential>()->forward(low_in));

    auto high_in = high.concatenated();
    if (g > 0) high_in = downtranBlocks[g - 1]->as<torch::nn::Sequential>()->forward(high_in);
    low.push_back(downBlocks[g]->as<torch::nn::Sequential>()->forward(high_in));
  }
  // The block input L_0 is left out of the output.
  return compress_out->forward(low.concatenated(1));
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
