// EIPNet's discriminator (eipnet.md §3, networks.py `discriminator`), used only
// in training: seven 3×3 convs (stride-2 ones unpadded, "VALID"), LeakyReLU
// 0.2 after all but the last, then dense 512 → LeakyReLU → dense 1 (a logit).
// Input is a 128×128 RGB face on the [0,255] scale. Module names are the TF
// scopes (di_conv1_1 ... di_conv4_1, dense, dense_1); the features are
// flattened in TF's HWC order, so a TF `dense/kernel` converts by transposing.
#pragma once

#include <torch/torch.h>

#include <vector>

namespace facesr::eipnet {

class EipnetDiscriminatorImpl : public torch::nn::Module {
 public:
  EipnetDiscriminatorImpl();
  // (N,3,128,128) → (N,1) logits.
  torch::Tensor forward(const torch::Tensor& x);

 private:
  std::vector<torch::nn::Conv2d> convs_;
  torch::nn::Linear dense_{nullptr}, dense_1_{nullptr};
};
TORCH_MODULE(EipnetDiscriminator);

}  // namespace facesr::eipnet
