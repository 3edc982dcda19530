// SCGAN's own spectral norm (snlayer.py, scgan.md §3.5), which differs from
// torch.nn.utils.spectral_norm: u and v are Parameters (requires_grad false,
// counted in parameters()), the weight is stored as `weight_bar`, the layer
// sits one level down under `module`, and EVERY forward call, eval mode
// included, runs one power iteration that updates u and v before using
// W / sigma with sigma = u^T W v (the step of layers/spectral_norm.h).
#pragma once

#include <torch/torch.h>

#include "onednn/conv_backend.h"

namespace facesr::scgan {

// The wrapped layer's tensors, registered as `<layer>.module.*`:
// bias (when the layer has one), weight_u, weight_v, weight_bar.
class PowerIterationWeightsImpl : public torch::nn::Module {
 public:
  // `weight` and `bias` give the shapes and initial values (PyTorch's default
  // layer init); u and v start as normalised Gaussian vectors.
  PowerIterationWeightsImpl(const torch::Tensor& weight, const torch::Tensor& bias);

  // Runs one power iteration (updates weight_u, weight_v in place, without
  // gradient) and returns weight_bar / sigma, differentiable in weight_bar.
  torch::Tensor normalized_weight();

  torch::Tensor bias;  // undefined when the layer has none
  torch::Tensor weight_u, weight_v, weight_bar;
};
TORCH_MODULE(PowerIterationWeights);

// SpectralNorm(nn.Conv2d(in, out, k, stride 1, padding k/2)).
class PowerIterationSNConv2dImpl : public torch::nn::Module, public UsesOneDnn {
 public:
  PowerIterationSNConv2dImpl(int64_t in_channels, int64_t out_channels, int64_t kernel, bool bias);
  torch::Tensor forward(torch::Tensor x);
  // Training only: every forward changes the weight (a power iteration), so
  // inference cannot keep a copy; SCGAN's blocks run theirs in eval mode.
  bool use_onednn(ConvMode) override { return false; }

 private:
  PowerIterationWeights module{nullptr};
  int64_t padding_;
};
TORCH_MODULE(PowerIterationSNConv2d);

// SpectralNorm(nn.Linear(in, out)).
class PowerIterationSNLinearImpl : public torch::nn::Module {
 public:
  PowerIterationSNLinearImpl(int64_t in_features, int64_t out_features);
  torch::Tensor forward(torch::Tensor x);

 private:
  PowerIterationWeights module{nullptr};
};
TORCH_MODULE(PowerIterationSNLinear);

}  // namespace facesr::scgan
