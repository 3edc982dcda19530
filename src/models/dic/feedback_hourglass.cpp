#include "models/dic/feedback_hourglass.h"

namespace facesr::dic {

namespace {

constexpr int64_t kHourglassDepth = 4;

}  // namespace

FeedbackHourglassImpl::FeedbackHourglassImpl(int64_t num_features, int64_t num_keypoints)
    : num_features_(num_features) {
  const int64_t f = num_features;
  // 7x7/2 conv and a max-pool: the features live at a quarter of the image size.
  pre_conv_block = register_module(
      "pre_conv_block",
      torch::nn::Sequential(FastConv2d(torch::nn::Conv2dOptions(3, f / 4, 7).stride(2).padding(3)),
                            torch::nn::ReLU(), BottleneckBlock(f / 4, f / 2),
                            torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2).stride(2)),
                            BottleneckBlock(f / 2, f / 2), BottleneckBlock(f / 2, f)));
  compress_in = register_module("compress_in", FastConv2d(torch::nn::Conv2dOptions(2 * f, 2 * f, 1)));
  hg = register_module("hg", LandmarkHourglass(kHourglassDepth, 2 * f));
  hg_conv_out = register_module(
      "hg_conv_out", torch::nn::Sequential(BottleneckBlock(f, f), Lin(f, f),
                                           FastConv2d(torch::nn::Conv2dOptions(f, num_keypoints, 1))));
}

LandmarkEstimate FeedbackHourglassImpl::forward(const torch::Tensor& image, const torch::Tensor& hidden) {
  const auto features = pre_conv_block->forward(image);
  const auto merged = hg->forward(compress_in->forward(torch::cat({features, hidden.defined() ? hidden : features}, 1)));
  // First half of the channels -> heatmaps, second half -> hidden state.
  return {hg_conv_out->forward(merged.slice(1, 0, num_features_)), merged.slice(1, num_features_)};
}

}  // namespace facesr::dic
