// SPARNetHD's discriminator (official models/networks.py, sparnet.md §5.2):
// num_D NLayerDiscriminators, scale k seeing the image bicubic-downsampled k
// times by 0.5. Each returns a score map and its intermediate activations
// (for the feature-matching loss).
#pragma once

#include <torch/torch.h>

#include <vector>

#include "models/layers/conv_layer.h"

namespace facesr::sparnet {

// Defaults are SPARNetHD's training configuration (train.sh).
struct MultiScaleDiscriminatorOptions {
  TORCH_ARG(int64_t, in_channels) = 3;
  TORCH_ARG(int64_t, base_channels) = 64;
  TORCH_ARG(int64_t, max_channels) = 512;
  TORCH_ARG(int, n_layers) = 4;  // stride-2 layers per scale
  TORCH_ARG(int, num_d) = 3;
  TORCH_ARG(NormType, norm) = NormType::Instance;
  TORCH_ARG(bool, spectral_norm) = true;
};

struct DiscriminatorOutput {
  torch::Tensor score;
  std::vector<torch::Tensor> features;  // the output of every `model` layer, in order
};

// One scale: a LeakyReLU(0.2) ConvLayer, n_layers stride-2 ConvLayers, and an
// unpadded 3x3 score conv.
class NLayerDiscriminatorImpl : public torch::nn::Module {
 public:
  explicit NLayerDiscriminatorImpl(const MultiScaleDiscriminatorOptions& options);
  DiscriminatorOutput forward(const torch::Tensor& x);

 private:
  torch::nn::Sequential model_{nullptr};
  ConvLayer score_out_{nullptr};
};
TORCH_MODULE(NLayerDiscriminator);

class MultiScaleDiscriminatorImpl : public torch::nn::Module {
 public:
  explicit MultiScaleDiscriminatorImpl(const MultiScaleDiscriminatorOptions& options = {});
  // One output per scale, full resolution first.
  std::vector<DiscriminatorOutput> forward(const torch::Tensor& x);

 private:
  torch::nn::ModuleList d_pool_{nullptr};
};
TORCH_MODULE(MultiScaleDiscriminator);

}  // namespace facesr::sparnet
