#include "identity/scaled_conv.h"

namespace facesr {

ScaledConvImpl::ScaledConvImpl(const ScaledConvOptions& options_) : options(options_) {
  const int64_t pad = options.stride() == 1 ? options.kernel_size() / 2 : 0;
  conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(options.in_channels(), options.out_channels(),
                                                                            options.kernel_size())
                                                       .stride(options.stride())
                                                       .padding(pad)));
  scale = register_module("scale", ChannelScale(options.out_channels()));
}

torch::Tensor ScaledConvImpl::forward(const torch::Tensor& x) {
  torch::Tensor out = scale(conv(x));
  return options.relu() ? torch::relu(out) : out;
}

}  // namespace facesr
