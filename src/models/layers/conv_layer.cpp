#include "models/layers/conv_layer.h"

#include "models/layers/spectral_norm.h"

namespace facesr {

namespace F = torch::nn::functional;

ConvLayerImpl::ConvLayerImpl(const ConvLayerOptions& options_) : options(options_) {
  const auto conv_options = torch::nn::Conv2dOptions(options.in_channels(), options.out_channels(), options.kernel_size())
                                .stride(options.scale() == Scale::Down ? 2 : 1)
                                .bias(options.norm() == NormType::None);
  conv2d_ = options.spectral_norm() ? torch::nn::AnyModule(SpectralNormConv2d(conv_options))
                                    : torch::nn::AnyModule(torch::nn::Conv2d(conv_options));
  register_module("conv2d", conv2d_.ptr());
  // Registration order as in the official __init__ (relu before norm), so state_dict order matches.
  relu_ = register_module("relu", ReluLayer(options.out_channels(), options.relu()));
  norm_ = register_module("norm", NormLayer(options.out_channels(), options.norm()));
}

torch::Tensor ConvLayerImpl::forward(const torch::Tensor& x) {
  auto out = x;
  if (options.scale() == Scale::Up) {
    out = F::interpolate(
        out, F::InterpolateFuncOptions().scale_factor(std::vector<double>{2.0, 2.0}).mode(torch::kNearest));
  }
  if (options.use_pad()) {
    const int64_t p = options.kernel_size() / 2;
    out = torch::reflection_pad2d(out, {p, p, p, p});
  }
  out = conv2d_.forward(out);
  return relu_(norm_(out));
}

}  // namespace facesr
