// CTCNet (Gao et al., "CTCNet: A CNN-Transformer Cooperation Network for Face
// Image Super-Resolution", TIP 2023), the official models/ctcnet.py::CTCNet
// with every hyper-parameter hard-coded as there (spec ctcnet.md §2).
//
// A three-level encoder-decoder of LGCMs around four FRMs at 1/8 resolution;
// each decoder level fuses all encoder scales (MFFU). Input: the 16×16 LR face
// PIL-bicubic-upsampled to 128×128 in [-1,1]; output = network(x) + x.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "models/ctcnet/local_global_module.h"
#include "models/layers/channel_attention.h"
#include "models/layers/fast_conv.h"
#include "models/registry.h"

namespace facesr::ctcnet {

class CTCNetImpl : public SRNetwork {
 public:
  CTCNetImpl();
  // (N, 3, H, W) with H, W multiples of 64 and at least 128 (the hourglass
  // bottoms must stay 2×2 or larger); the official size is 128×128.
  torch::Tensor forward(torch::Tensor input) override;

  FastConv2d head{nullptr}, tail{nullptr};
  LocalGlobalModule res_layers_down1_pre{nullptr}, res_layers_down1{nullptr}, res_layers_down2{nullptr};
  LocalGlobalModule res_layers_up1{nullptr}, res_layers_up2{nullptr}, res_layers_back{nullptr};
  torch::nn::Sequential res_layers{nullptr};  // the 4 FRMs
  torch::nn::Sequential down1{nullptr}, down2{nullptr}, down3{nullptr}, up1{nullptr}, up2{nullptr}, up3{nullptr};
  // MFFU: skip resamplers (conv_32 and tranpose128_128 are each applied more
  // than once with the same weights), fusion convs and channel attentions.
  FastConv2d conv_64{nullptr}, conv_32{nullptr};
  FastConvTranspose2d tranpose_128{nullptr}, tranpose64_128{nullptr}, tranpose128_128{nullptr};
  FastConv2d tail352_128{nullptr}, tail288_64{nullptr}, tai256_32{nullptr};
  ChannelAttention channel_func_128{nullptr}, channel_func_64{nullptr}, channel_func_32{nullptr};
};
TORCH_MODULE(CTCNet);

}  // namespace facesr::ctcnet
