// SCGAN's discriminators (model.py `Discriminator`, scgan.md §3.5): D16 judges
// 16x16 LR faces (D_L1, D_L2), D64 judges 64x64 HR faces (D_H1, D_H2).
// Residual blocks and a 2-layer head, all with SCGAN's power-iteration
// spectral norm. Only needed for training.
#pragma once

#include <torch/torch.h>

#include "models/scgan/optionally_pooled.h"
#include "models/scgan/power_iteration_spectral_norm.h"

namespace facesr::scgan {

// `BasicBlock_D`: ReLU -> SN-conv3x3 -> ReLU -> [MaxPool 2 ->] SN-conv3x3,
// plus a skip of x itself (its ReLU is not in place, unlike the generator's).
class ScganDiscriminatorBlockImpl : public torch::nn::Module {
 public:
  ScganDiscriminatorBlockImpl(int64_t in_channels, int64_t out_channels, bool downsample);
  torch::Tensor forward(torch::Tensor x);

 private:
  PowerIterationSNConv2d conv1{nullptr};
  TensorFunction conv2;  // SN-conv3x3, after MaxPool 2x2 when down-sampling
  TensorFunction skip;   // none (identity), or SN-conv1x1, after MaxPool 2x2 when down-sampling
};
TORCH_MODULE(ScganDiscriminatorBlock);

class ScganDiscriminatorImpl : public torch::nn::Module {
 public:
  // input_size: 16 (LR) or 64 (HR); anything else throws facesr::Error.
  explicit ScganDiscriminatorImpl(int64_t input_size);

  // (N,3,input_size,input_size) -> (N,1) logits. Updates the spectral-norm
  // u/v vectors on every call, as the official code does.
  torch::Tensor forward(torch::Tensor x);

  int64_t input_size() const { return input_size_; }

 private:
  int64_t input_size_;
  torch::nn::Sequential residual_blocks{nullptr};  // 6 blocks, down to 512x4x4
  torch::nn::Sequential out_layer{nullptr};        // SN-Linear 8192->512, ReLU, SN-Linear 512->1
};
TORCH_MODULE(ScganDiscriminator);

}  // namespace facesr::scgan
