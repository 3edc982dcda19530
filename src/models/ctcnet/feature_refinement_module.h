// FRM, the feature refinement module of CTCNet's 16×16 bottleneck (spec
// ctcnet.md §3.5; official ResidualBlock_res). It splits the features into an
// average-pooled low band and the high-frequency rest, refines both, and
// re-uses the same conv units and scales several times (§9.2): `alise` runs
// twice, and decoder_low / decoder_high / scale_1 / scale_2 twice each.
#pragma once

#include <torch/torch.h>

#include "models/ctcnet/conv_relu.h"
#include "models/ctcnet/conv_unit.h"
#include "models/ctcnet/facial_structure_attention.h"
#include "models/ctcnet/learnable_scale.h"

namespace facesr::ctcnet {

class FeatureRefinementModuleImpl : public torch::nn::Module {
 public:
  // CTCNet uses 128 channels and an FSAU hourglass of depth 2.
  FeatureRefinementModuleImpl(int64_t channels, int hourglass_depth);
  torch::Tensor forward(const torch::Tensor& x);

  ConvUnit encoder{nullptr}, decoder_low{nullptr}, decoder_high{nullptr}, alise{nullptr};
  ConvReLU alise2{nullptr};
  FacialStructureAttention att_func2{nullptr};
  LearnableScale scale_1{nullptr}, scale_2{nullptr};
  FastConv2d compress1{nullptr}, compress2{nullptr};
};
TORCH_MODULE(FeatureRefinementModule);

}  // namespace facesr::ctcnet
