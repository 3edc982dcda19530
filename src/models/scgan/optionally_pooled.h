// SCGAN's residual blocks wrap a layer as nn.Sequential(pool, layer) when the
// block down-samples, so the layer's keys gain a ".1" (conv2.1.weight) and
// stay plain otherwise (conv2.weight). LibTorch cannot nest a Sequential in
// an AnyModule (its forward is a template), hence this helper.
#pragma once

#include <torch/torch.h>

#include <functional>
#include <string>

namespace facesr::scgan {

using TensorFunction = std::function<torch::Tensor(const torch::Tensor&)>;

// Registers `layer` on `owner` under `name`, preceded by `pool` when
// `pooled`, and returns the function that applies it.
template <typename Pool, typename Layer>
TensorFunction register_optionally_pooled(torch::nn::Module& owner, const std::string& name, bool pooled, Pool pool,
                                          Layer layer) {
  if (!pooled) {
    auto module = owner.register_module(name, layer);
    return [module](const torch::Tensor& x) { return module->forward(x); };
  }
  auto sequence = owner.register_module(name, torch::nn::Sequential(pool, layer));
  return [sequence](const torch::Tensor& x) { return sequence->forward(x); };
}

}  // namespace facesr::scgan
