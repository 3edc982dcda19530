#include "models/sparnet/hourglass_attention.h"

namespace facesr::sparnet {

HourglassAttentionImpl::HourglassAttentionImpl(const HourglassOptions& hourglass, AttentionType type)
    : hourglass_(*this, hourglass) {
  const int64_t map_channels = type == AttentionType::Spatial2D ? 1 : hourglass.in_channels();
  out_block_ = register_module(
      "out_block",
      torch::nn::Sequential(
          ConvLayer(ConvLayerOptions(hourglass.mid_channels(), map_channels).spectral_norm(hourglass.spectral_norm())),
          torch::nn::Sigmoid()));
}

torch::Tensor HourglassAttentionImpl::forward(const torch::Tensor& x) {
  return x * out_block_->forward(hourglass_.forward(x));
}

}  // namespace facesr::sparnet
