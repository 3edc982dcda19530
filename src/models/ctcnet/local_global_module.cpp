#include "models/ctcnet/local_global_module.h"

#include "models/ctcnet/transformer_block.h"

namespace facesr::ctcnet {

LocalGlobalModuleImpl::LocalGlobalModuleImpl(const LocalGlobalModuleOptions& options) {
  const int64_t c = options.channels();
  encoder = register_module("encoder", ConvUnit(c));
  alise = register_module("alise", ConvUnit(c));
  if (options.unused_channel_attention()) register_module("att", ChannelAttention(c));
  attention = register_module(options.attention_key(), FacialStructureAttention(c, options.hourglass_depth()));
  encoder_level1 = register_module("encoder_level1", torch::nn::Sequential());
  for (int64_t i = 0; i < options.transformer_blocks(); ++i)
    encoder_level1->push_back(TransformerBlock(c, options.heads()));
}

torch::Tensor LocalGlobalModuleImpl::forward(const torch::Tensor& x) {
  return encoder_level1->forward(alise->forward(attention->forward(encoder->forward(x)))) + x;
}

}  // namespace facesr::ctcnet
