// The Restormer-style transformer block, the "global" half of an LGCM (spec
// ctcnet.md §3.3): x += MDTA(LN(x)); x += GDFN(LN(x)).
#pragma once

#include <torch/torch.h>

#include "models/ctcnet/channel_layer_norm.h"
#include "models/ctcnet/gated_feed_forward.h"
#include "models/ctcnet/transposed_attention.h"

namespace facesr::ctcnet {

class TransformerBlockImpl : public torch::nn::Module {
 public:
  // CTCNet always uses a feed-forward expansion of 2.66.
  static constexpr double kFeedForwardExpansion = 2.66;

  TransformerBlockImpl(int64_t channels, int64_t heads) {
    norm1 = register_module("norm1", ChannelLayerNorm(channels));
    attn = register_module("attn", TransposedAttention(channels, heads));
    norm2 = register_module("norm2", ChannelLayerNorm(channels));
    ffn = register_module("ffn", GatedFeedForward(channels, kFeedForwardExpansion));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = x + attn->forward(norm1->forward(x));
    return x + ffn->forward(norm2->forward(x));
  }

  ChannelLayerNorm norm1{nullptr}, norm2{nullptr};
  TransposedAttention attn{nullptr};
  GatedFeedForward ffn{nullptr};
};
TORCH_MODULE(TransformerBlock);

}  // namespace facesr::ctcnet
