#include "models/scgan/power_iteration_spectral_norm.h"

#include "onednn/training_conv.h"
#include "models/layers/spectral_norm.h"

namespace facesr::scgan {

namespace nn = torch::nn;

namespace {

// snlayer.py's l2normalize: v / (||v|| + 1e-12).
torch::Tensor l2_normalize(const torch::Tensor& v) { return v / (v.norm() + 1e-12); }

}  // namespace

PowerIterationWeightsImpl::PowerIterationWeightsImpl(const torch::Tensor& weight, const torch::Tensor& bias) {
  torch::NoGradGuard no_grad;
  // Registration order = the official state_dict order: the layer's own bias
  // first, then u, v and weight_bar, added by the wrapper.
  if (bias.defined()) this->bias = register_parameter("bias", bias.detach().clone());
  const int64_t height = weight.size(0);
  weight_u = register_parameter("weight_u", l2_normalize(torch::randn({height}, weight.options())), /*requires_grad=*/false);
  weight_v = register_parameter("weight_v", l2_normalize(torch::randn({weight.numel() / height}, weight.options())),
                                /*requires_grad=*/false);
  weight_bar = register_parameter("weight_bar", weight.detach().clone());
}

torch::Tensor PowerIterationWeightsImpl::normalized_weight() {
  // The same step as torch's spectral norm in training mode. It normalises by
  // max(|v|, 1e-12) where snlayer.py uses |v| + 1e-12: a 1e-12 relative
  // difference for any non-degenerate weight.
  return spectral_normalized_weight(weight_bar, weight_u, weight_v, /*power_iteration=*/true);
}

PowerIterationSNConv2dImpl::PowerIterationSNConv2dImpl(int64_t in_channels, int64_t out_channels, int64_t kernel,
                                                       bool bias)
    : padding_(kernel / 2) {
  nn::Conv2d layer(nn::Conv2dOptions(in_channels, out_channels, kernel).bias(bias));
  module = register_module("module", PowerIterationWeights(layer->weight, layer->bias));
}

torch::Tensor PowerIterationSNConv2dImpl::forward(torch::Tensor x) {
  return conv2d_for_training(trains_with_onednn(), x, module->normalized_weight(), module->bias, /*stride=*/1, /*padding=*/padding_);
}

PowerIterationSNLinearImpl::PowerIterationSNLinearImpl(int64_t in_features, int64_t out_features) {
  nn::Linear layer(in_features, out_features);
  module = register_module("module", PowerIterationWeights(layer->weight, layer->bias));
}

torch::Tensor PowerIterationSNLinearImpl::forward(torch::Tensor x) {
  return torch::linear(x, module->normalized_weight(), module->bias);
}

}  // namespace facesr::scgan
