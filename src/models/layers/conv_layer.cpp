#include "models/layers/conv_layer.h"

#include "onednn/training_conv.h"
#include "models/layers/reflect_pad.h"
#include "models/layers/spectral_norm.h"

namespace facesr {

ConvLayerImpl::ConvLayerImpl(const ConvLayerOptions& options_) : options(options_) {
  const auto conv_options = torch::nn::Conv2dOptions(options.in_channels(), options.out_channels(), options.kernel_size())
                                .stride(stride())
                                .bias(options.norm() == NormType::None);
  conv2d_ = options.spectral_norm() ? torch::nn::AnyModule(SpectralNormConv2d(conv_options))
                                    : torch::nn::AnyModule(torch::nn::Conv2d(conv_options));
  register_module("conv2d", conv2d_.ptr());
  // Registration order as in the official __init__ (relu before norm), so state_dict order matches.
  relu_ = register_module("relu", ReluLayer(options.out_channels(), options.relu()));
  norm_ = register_module("norm", NormLayer(options.out_channels(), options.norm()));
}

torch::Tensor ConvLayerImpl::forward(const torch::Tensor& x) {
  const int64_t pad = options.use_pad() ? options.kernel_size() / 2 : 0;
  torch::Tensor out = upsample_reflect_pad(x, pad, options.scale() == Scale::Up ? 2 : 1);
  if (onednn_ && out.device().is_cpu() && out.scalar_type() == torch::kFloat) {
    out = onednn_->forward(out);
    return options.relu() == ReluType::PReLU ? relu_(out) : out;  // a LeakyReLU is fused
  }
  if (folded_weight_.defined()) return relu_(torch::conv2d(out, folded_weight_, folded_bias_, stride()));
  // What conv2d_.forward would do, through oneDNN's Winograd where it is faster.
  if (auto* conv = conv2d_.ptr()->as<torch::nn::Conv2dImpl>()) {
    out = conv2d_for_training(trains_with_onednn(), out, conv->weight, conv->bias, stride(), 0);
  } else {
    auto* spectral = conv2d_.ptr()->as<SpectralNormConv2dImpl>();
    out = conv2d_for_training(trains_with_onednn(), out, spectral->weight(), spectral->bias, stride(), 0);
  }
  return relu_(norm_(out));
}

bool ConvLayerImpl::fold_batch_norm() {
  auto* conv = conv2d_.ptr()->as<torch::nn::Conv2dImpl>();
  const auto norms = norm_->children();
  auto* bn = norms.empty() ? nullptr : norms.front()->as<torch::nn::BatchNorm2dImpl>();
  if (!conv || !bn || is_training()) return false;
  torch::NoGradGuard no_grad;
  const torch::Tensor scale = bn->weight / torch::sqrt(bn->running_var + bn->options.eps());
  folded_weight_ = conv->weight * scale.reshape({-1, 1, 1, 1});
  folded_bias_ = bn->bias - bn->running_mean * scale;
  if (conv->bias.defined()) folded_bias_ = folded_bias_ + conv->bias * scale;
  return true;
}

bool ConvLayerImpl::use_onednn(ConvMode mode) {
  auto* conv = conv2d_.ptr()->as<torch::nn::Conv2dImpl>();
  const bool norm_left = options.norm() != NormType::None && !folded_weight_.defined();
  if (!onednn_available() || !conv || norm_left || is_training()) return false;
  std::optional<float> slope;
  if (options.relu() == ReluType::LeakyReLU) slope = static_cast<float>(kLeakySlope);
  onednn_ = folded_weight_.defined()
                ? std::make_shared<OneDnnConv>(folded_weight_, folded_bias_, stride(), 0, slope, mode)
                : std::make_shared<OneDnnConv>(conv->weight, conv->bias, stride(), 0, slope, mode);
  return true;
}

int64_t ConvLayerImpl::stride() const { return options.scale() == Scale::Down ? 2 : 1; }

}  // namespace facesr
