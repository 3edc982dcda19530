#include "models/eipnet/edge_block.h"

namespace facesr::eipnet {

namespace F = torch::nn::functional;

torch::Tensor tf_same_average(const torch::Tensor& x, int64_t kernel) {
  const int64_t before = (kernel - 1) / 2;
  const int64_t after = kernel - 1 - before;
  // Window sums (divisor 1) over the zero-padded map, divided by the number
  // of in-image taps: exact for a constant map, like TF's sum / count.
  const auto window_sum = [&](const torch::Tensor& t) {
    const auto padded = F::pad(t, F::PadFuncOptions({before, after, before, after}));
    return F::avg_pool2d(padded, F::AvgPool2dFuncOptions(kernel).stride(1).divisor_override(1));
  };
  const auto ones = torch::ones({1, 1, x.size(2), x.size(3)}, x.options());
  return window_sum(x) / window_sum(ones);
}

EipnetEdgeBlockImpl::EipnetEdgeBlockImpl(int64_t channels, int64_t pool_kernel) : pool_kernel_(pool_kernel) {
  weight = register_parameter("weight", torch::empty({1, channels, 1, 1}));
  bias = register_parameter("bias", torch::zeros({1}));
  torch::nn::init::xavier_uniform_(weight);  // networks.py: Xavier weights, zero bias
}

EdgeBlockOutput EipnetEdgeBlockImpl::forward(const torch::Tensor& x) {
  const auto high_pass = torch::relu(x - tf_same_average(x, pool_kernel_));
  return {torch::relu(torch::conv2d(high_pass, weight, bias)), high_pass};
}

}  // namespace facesr::eipnet
