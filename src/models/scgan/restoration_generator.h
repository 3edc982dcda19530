// SCGAN's shared restoration branch G_RLS (scgan.md §3.3): 16x16 LR ->
// 64x64 SR in [-1,1] (tanh), BGR channel order. The released checkpoint
// stores it under "G_l2h", training checkpoints under "G_RLS".
#pragma once

#include <torch/torch.h>

#include "models/layers/fast_conv.h"
#include "models/registry.h"

namespace facesr::scgan {

class ScganRestorationGeneratorImpl : public SRNetwork {
 public:
  ScganRestorationGeneratorImpl();

  // (N,3,H,W) in [-1,1], BGR -> (N,3,4H,4W).
  torch::Tensor forward(torch::Tensor input) override;

 private:
  FastConv2d layers_in{nullptr};
  torch::nn::ModuleList layers_set_final{nullptr};     // residual blocks of level 0 (16²) and 1 (32²)
  torch::nn::ModuleList layers_set_final_up{nullptr};  // bilinear x2 -> BN -> ReLU -> 1x1 ConvTranspose
  torch::nn::Sequential a1{nullptr};                   // projection skip of level 1
  torch::nn::Sequential a2{nullptr};                   // never used; kept for strict loading (§3.3.5)
  torch::nn::Sequential main{nullptr};                 // head at 64²
};
TORCH_MODULE(ScganRestorationGenerator);

}  // namespace facesr::scgan
