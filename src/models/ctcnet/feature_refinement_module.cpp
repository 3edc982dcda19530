#include "models/ctcnet/feature_refinement_module.h"

#include "models/ctcnet/unused_swin_block.h"
#include "models/layers/channel_attention.h"
#include "models/layers/conv_layer.h"

namespace facesr::ctcnet {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

FeatureRefinementModuleImpl::FeatureRefinementModuleImpl(int64_t channels, int hourglass_depth) {
  const int64_t c = channels;
  encoder = register_module("encoder", ConvUnit(c));
  decoder_low = register_module("decoder_low", ConvUnit(c));
  decoder_high = register_module("decoder_high", ConvUnit(c));
  alise = register_module("alise", ConvUnit(c));
  alise2 = register_module("alise2", ConvReLU(2 * c, c, 1));
  att_func2 = register_module("att_func2", FacialStructureAttention(c, hourglass_depth));
  scale_1 = register_module("scale_1", LearnableScale(0.5));
  scale_2 = register_module("scale_2", LearnableScale(0.5));
  compress1 = register_module("compress1", FastConv2d(nn::Conv2dOptions(2 * c, c, 1)));
  compress2 = register_module("compress2", FastConv2d(nn::Conv2dOptions(c, c, 1)));

  // Registered by the official class but never called (spec ctcnet.md §4).
  register_module("STL64", UnusedSwinBlock(64));
  register_module("STL128", UnusedSwinBlock(128));
  register_module("att", ChannelAttention(c));
  register_module("conv1", ConvLayer(ConvLayerOptions(c, c).norm(NormType::Batch).relu(ReluType::PReLU)));
  register_module("conv2", ConvLayer(ConvLayerOptions(c, c).norm(NormType::Batch)));
}

torch::Tensor FeatureRefinementModuleImpl::forward(const torch::Tensor& x) {
  const auto u = alise->forward(att_func2->forward(encoder->forward(x)));
  const auto full_size = [&](const torch::Tensor& t) {
    return F::interpolate(
        t, F::InterpolateFuncOptions().size(u.sizes().slice(2).vec()).mode(torch::kBilinear).align_corners(true));
  };
  // Frequency split: the 2×2-average low band and what it misses.
  const auto low = torch::avg_pool2d(u, {2, 2});
  const auto high = u - full_size(low);
  const auto low1 = decoder_low->forward(low);
  const auto high1 = decoder_high->forward(high);

  const auto mixed = compress1->forward(torch::cat({scale_1->forward(full_size(low1)), scale_2->forward(high1)}, 1));
  const auto y1 = scale_1->forward(decoder_high->forward(mixed));
  const auto y2 = scale_2->forward(full_size(decoder_low->forward(low1)));
  // Named like a sigmoid gate, but the official code applies no sigmoid (§3.5 step 6).
  const auto gated = u * compress2->forward(u);
  return alise->forward(alise2->forward(torch::cat({y2, y1}, 1)) + gated) + x;
}

}  // namespace facesr::ctcnet
