// SPARNet generator (official models/sparnet.py::SPARNet, sparnet.md §1): one
// class for SPARNet, SPARNet-Light-Attn3D and SPARNetHD; only the options differ.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "models/registry.h"
#include "models/sparnet/residual_block.h"

namespace facesr::sparnet {

// Defaults are the official constructor defaults (= released SPARNet).
struct SPARNetOptions {
  static SPARNetOptions sparnet();        // released SPARNet (Attn2D, BN, 128)
  static SPARNetOptions sparnet_light();  // SPARNet-Light-Attn3D
  static SPARNetOptions sparnet_hd();     // SPARNetHD-Attn2D (IN, spectral norm, 512)

  TORCH_ARG(int64_t, min_channels) = 32;
  TORCH_ARG(int64_t, max_channels) = 128;
  TORCH_ARG(int64_t, in_size) = 128;
  TORCH_ARG(int64_t, out_size) = 128;
  TORCH_ARG(int64_t, min_feat_size) = 16;
  TORCH_ARG(int, res_depth) = 10;
  TORCH_ARG(ReluType, relu) = ReluType::LeakyReLU;
  TORCH_ARG(NormType, norm) = NormType::Batch;
  TORCH_ARG(AttentionType, attention) = AttentionType::Spatial2D;
  TORCH_ARG(int64_t, bottleneck_size) = 4;
  // The attention hourglasses' width (HourGlassBlock's c_mid). The official
  // SPARNet fixes it at 64; narrower ones make small models cheap on CPU.
  TORCH_ARG(int64_t, hourglass_channels) = 64;
  // SPARNetHD: torch.nn.utils.spectral_norm on every Conv2d.
  TORCH_ARG(bool, spectral_norm) = false;
  // facesr's restoration model (not in the official code): the network's
  // output is added to its input, so it starts at, and easily stays near,
  // the identity that a clean or mildly degraded face needs. Needs
  // in_size == out_size; adds no parameters.
  TORCH_ARG(bool, global_residual) = false;
};

class SPARNetImpl : public SRNetwork {
 public:
  explicit SPARNetImpl(const SPARNetOptions& options = {});
  // (N, 3, H, W) in [-1, 1] -> (N, 3, H', W'); H' = H * out_size / in_size.
  torch::Tensor forward(torch::Tensor input) override;

  SPARNetOptions options;

 private:
  torch::nn::Sequential encoder_{nullptr}, res_layers_{nullptr}, decoder_{nullptr};
  ConvLayer out_conv_{nullptr};
  int64_t min_input_side_ = 0;  // the deepest hourglass bottom must stay >= 2x2 for the reflection pad
};
TORCH_MODULE(SPARNet);

}  // namespace facesr::sparnet
