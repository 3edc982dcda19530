#include "models/ctcnet/facial_structure_attention.h"

namespace facesr::ctcnet {

namespace nn = torch::nn;

namespace {
constexpr int64_t kHourglassWidth = 64;
}

FacialStructureAttentionImpl::FacialStructureAttentionImpl(int64_t channels, int hourglass_depth)
    : hourglass_(*this, HourglassOptions(hourglass_depth, channels)
                            .mid_channels(kHourglassWidth)
                            .norm(NormType::Batch)
                            .relu(ReluType::PReLU)) {
  out_block =
      register_module("out_block", nn::Sequential(ConvLayer(ConvLayerOptions(kHourglassWidth, 1)), nn::Sigmoid()));
  channel_func = register_module("channel_func", ChannelAttention(kHourglassWidth));
  if (channels != kHourglassWidth)
    skip_projection = register_module("_64", FastConv2d(nn::Conv2dOptions(channels, kHourglassWidth, 1)));
}

torch::Tensor FacialStructureAttentionImpl::forward(const torch::Tensor& x) {
  const auto skip = skip_projection ? skip_projection->forward(x) : x;
  const auto structure = channel_func->forward(hourglass_.forward(x)) + skip;
  return x * out_block->forward(structure);
}

}  // namespace facesr::ctcnet
