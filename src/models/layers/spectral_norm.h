// Spectral normalisation as torch.nn.utils.spectral_norm stores it
// (common.md §5): the raw weight `weight_orig` is a parameter, the singular
// vector estimates `weight_u` (out) and `weight_v` (fan-in) are buffers.
#pragma once

#include <torch/torch.h>

namespace facesr {

// weight / sigma with sigma = u . (W_mat v), W_mat = weight reshaped to
// (out, -1). sigma keeps its sign (no abs), as in PyTorch. When
// `power_iteration` is true (PyTorch's training mode), u and v are first
// refined in place by one step v = normalize(W_mat^T u), u = normalize(W_mat v);
// otherwise (eval mode) the stored vectors are used as they are.
torch::Tensor spectral_normalized_weight(const torch::Tensor& weight, torch::Tensor& u, torch::Tensor& v,
                                         bool power_iteration);

// nn.Conv2d wrapped by spectral_norm: keys `bias`, `weight_orig`, `weight_u`,
// `weight_v`. options.padding_mode() is not used: padding is always zeros.
class SpectralNormConv2dImpl : public torch::nn::Module {
 public:
  explicit SpectralNormConv2dImpl(const torch::nn::Conv2dOptions& options);
  torch::Tensor forward(const torch::Tensor& x);

  // The weight the convolution uses: power iteration in training mode only.
  torch::Tensor weight();

  torch::nn::Conv2dOptions options;
  torch::Tensor bias, weight_orig, weight_u, weight_v;
};
TORCH_MODULE(SpectralNormConv2d);

}  // namespace facesr
