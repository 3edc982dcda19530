#include "onednn/conv_backend.h"

namespace facesr {

void set_conv_backend(torch::nn::Module& network, const ConvBackend& backend) {
  const bool inference = backend.onednn && !network.is_training();
  for (const auto& module : network.modules(/*include_self=*/true)) {
    auto* layer = dynamic_cast<UsesOneDnn*>(module.get());
    if (!layer) continue;
    layer->train_with_onednn(backend.onednn);
    if (inference) layer->use_onednn({backend.algorithm, backend.bf16});
  }
}

}  // namespace facesr
