// LGCM, the local-global feature cooperation module (spec ctcnet.md §3.4;
// official ResidualBlock1_en_pre / 1_en / 2_en / 1_de / 2_de / _res_back, which
// differ only in width and key names): conv unit → FSAU → conv unit →
// transformer blocks, plus an identity shortcut.
#pragma once

#include <torch/torch.h>

#include <string>

#include "models/ctcnet/conv_unit.h"
#include "models/ctcnet/facial_structure_attention.h"
#include "models/layers/channel_attention.h"

namespace facesr::ctcnet {

struct LocalGlobalModuleOptions {
  LocalGlobalModuleOptions(int64_t channels, int64_t transformer_blocks, int64_t heads)
      : channels_(channels), transformer_blocks_(transformer_blocks), heads_(heads) {}
  TORCH_ARG(int64_t, channels);
  TORCH_ARG(int64_t, transformer_blocks);
  TORCH_ARG(int64_t, heads);
  TORCH_ARG(int, hourglass_depth) = 4;
  // The official classes store the FSAU as `att_func` or `att_func2`.
  TORCH_ARG(std::string, attention_key) = "att_func";
  // All but the first encoder module register a channel attention `att` that
  // forward never calls; it must exist for strict checkpoint loading.
  TORCH_ARG(bool, unused_channel_attention) = true;
};

class LocalGlobalModuleImpl : public torch::nn::Module {
 public:
  explicit LocalGlobalModuleImpl(const LocalGlobalModuleOptions& options);
  torch::Tensor forward(const torch::Tensor& x);

  ConvUnit encoder{nullptr}, alise{nullptr};
  FacialStructureAttention attention{nullptr};
  torch::nn::Sequential encoder_level1{nullptr};  // the transformer blocks
};
TORCH_MODULE(LocalGlobalModule);

}  // namespace facesr::ctcnet
