#include "models/sparnet/residual_block.h"

namespace facesr::sparnet {

ResidualBlockImpl::ResidualBlockImpl(const ResidualBlockOptions& o) {
  const int64_t c_in = o.in_channels(), c_out = o.out_channels();
  if (o.scale() != Scale::None || c_in != c_out) {
    // A plain biased conv that carries the block's scaling (no norm, no activation).
    shortcut_func_ = register_module(
        "shortcut_func", ConvLayer(ConvLayerOptions(c_in, c_out).scale(o.scale()).spectral_norm(o.spectral_norm())));
  }
  // The pre-activation has its own norm over the *input* channels (sparnet.md §7.2).
  preact_func_ = register_module("preact_func", torch::nn::Sequential(NormLayer(c_in, o.norm()), ReluLayer(c_in, o.relu())));
  // Up-blocks scale in conv1, down-blocks in conv2.
  conv1_ = register_module("conv1", ConvLayer(ConvLayerOptions(c_in, c_out)
                                                  .scale(o.scale() == Scale::Up ? Scale::Up : Scale::None)
                                                  .norm(o.norm())
                                                  .relu(o.relu())
                                                  .spectral_norm(o.spectral_norm())));
  conv2_ = register_module("conv2", ConvLayer(ConvLayerOptions(c_out, c_out)
                                                  .scale(o.scale() == Scale::Down ? Scale::Down : Scale::None)
                                                  .norm(o.norm())
                                                  .spectral_norm(o.spectral_norm())));
  att_func_ = register_module("att_func", HourglassAttention(HourglassOptions(o.hourglass_depth(), c_out)
                                                                 .mid_channels(o.hourglass_channels())
                                                                 .norm(o.norm())
                                                                 .relu(o.relu())
                                                                 .spectral_norm(o.spectral_norm()),
                                                             o.attention()));
}

torch::Tensor ResidualBlockImpl::forward(const torch::Tensor& x) {
  const auto identity = shortcut_func_ ? shortcut_func_->forward(x) : x;
  return identity + att_func_->forward(conv2_->forward(conv1_->forward(preact_func_->forward(x))));
}

}  // namespace facesr::sparnet
