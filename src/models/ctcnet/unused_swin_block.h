// The parameters of the official `SwinTransformerBlock` (two LayerNorms and an
// MLP dim→4·dim→dim) that every FRM registers as STL64/STL128 but never calls
// (spec ctcnet.md §4). Kept only so that checkpoints load strictly; it has no
// forward on purpose.
#pragma once

#include <torch/torch.h>

namespace facesr::ctcnet {

class UnusedSwinBlockImpl : public torch::nn::Module {
 public:
  explicit UnusedSwinBlockImpl(int64_t dim) {
    namespace nn = torch::nn;
    register_module("norm1", nn::LayerNorm(nn::LayerNormOptions({dim})));
    register_module("norm2", nn::LayerNorm(nn::LayerNormOptions({dim})));
    register_module("mlp", nn::Sequential({{"fc1", nn::Linear(dim, 4 * dim)}, {"fc2", nn::Linear(4 * dim, dim)}}));
  }
};
TORCH_MODULE(UnusedSwinBlock);

}  // namespace facesr::ctcnet
