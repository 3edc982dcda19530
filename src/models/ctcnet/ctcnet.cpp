#include "models/ctcnet/ctcnet.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/error.h"
#include "models/tensor_checks.h"
#include "models/ctcnet/feature_refinement_module.h"
#include "models/ctcnet/learnable_scale.h"

namespace facesr::ctcnet {

namespace nn = torch::nn;

namespace {

constexpr int kFrmCount = 4;
constexpr int kFrmHourglassDepth = 2;
constexpr int64_t kSizeMultiple = 64;
constexpr int64_t kMinSize = 128;

FastConv2d conv3x3(int64_t in, int64_t out, int64_t stride = 1, bool bias = true) {
  return FastConv2d(nn::Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(bias));
}

FastConvTranspose2d conv_transpose(int64_t in, int64_t out, int64_t kernel, int64_t padding, bool bias = true) {
  return FastConvTranspose2d(nn::ConvTranspose2dOptions(in, out, kernel).stride(2).padding(padding).bias(bias));
}

nn::LeakyReLU leaky_relu() { return nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2)); }

// Stride-2 conv in→mid, LReLU, conv mid→out, LReLU (no biases).
nn::Sequential down_block(int64_t in, int64_t mid, int64_t out) {
  return nn::Sequential(conv3x3(in, mid, 2, false), leaky_relu(), conv3x3(mid, out, 1, false), leaky_relu());
}

// ×2 transposed conv in→mid (k6 s2 p2), LReLU, conv mid→out, LReLU (no biases).
nn::Sequential up_block(int64_t in, int64_t mid, int64_t out) {
  return nn::Sequential(conv_transpose(in, mid, 6, 2, false), leaky_relu(), conv3x3(mid, out, 1, false), leaky_relu());
}

}  // namespace

CTCNetImpl::CTCNetImpl() {
  using Options = LocalGlobalModuleOptions;
  head = register_module("head", conv3x3(3, 32));
  res_layers_down1_pre =
      register_module("res_layers_down1_pre", LocalGlobalModule(Options(32, 4, 1).unused_channel_attention(false)));
  res_layers_down1 = register_module("res_layers_down1", LocalGlobalModule(Options(64, 6, 2)));
  res_layers_down2 =
      register_module("res_layers_down2", LocalGlobalModule(Options(128, 6, 4).attention_key("att_func2")));
  res_layers_up1 = register_module("res_layers_up1", LocalGlobalModule(Options(128, 6, 4).attention_key("att_func2")));
  res_layers_up2 = register_module("res_layers_up2", LocalGlobalModule(Options(64, 6, 2)));
  res_layers = register_module("res_layers", nn::Sequential());
  for (int i = 0; i < kFrmCount; ++i) res_layers->push_back(FeatureRefinementModule(128, kFrmHourglassDepth));
  res_layers_back = register_module("res_layers_back", LocalGlobalModule(Options(32, 4, 1).attention_key("att_func2")));

  tail = register_module("tail", conv3x3(32, 3));
  tail352_128 = register_module("tail352_128", conv3x3(352, 128));
  tail288_64 = register_module("tail288_64", conv3x3(288, 64));
  tai256_32 = register_module("tai256_32", conv3x3(256, 32));
  conv_64 = register_module("conv_64", conv3x3(64, 64, 2));
  conv_32 = register_module("conv_32", conv3x3(32, 32, 2));
  tranpose_128 = register_module("tranpose_128", conv_transpose(128, 128, 8, 3));
  tranpose64_128 = register_module("tranpose64_128", conv_transpose(64, 64, 8, 3));
  tranpose128_128 = register_module("tranpose128_128", conv_transpose(128, 128, 6, 2));

  down1 = register_module("down1", down_block(32, 64, 64));
  down2 = register_module("down2", down_block(64, 128, 128));
  down3 = register_module("down3", down_block(128, 128, 128));
  up1 = register_module("up1", up_block(128, 128, 128));
  up2 = register_module("up2", up_block(128, 64, 64));
  up3 = register_module("up3", up_block(64, 32, 32));

  channel_func_128 = register_module("channel_func_128", ChannelAttention(128));
  channel_func_64 = register_module("channel_func_64", ChannelAttention(64));
  channel_func_32 = register_module("channel_func_32", ChannelAttention(32));

  // Registered by the official constructor but never called (spec ctcnet.md §4).
  register_module("down_input", down_block(32, 64, 32));
  register_module("up_input", up_block(32, 64, 32));
  for (int level = 1; level <= 3; ++level)
    for (int i = 1; i <= 4; ++i) register_module(fmt::format("scale{}_{}", level, i), LearnableScale(0.25));
  register_module("embed", conv3x3(32, 32));
}

torch::Tensor CTCNetImpl::forward(torch::Tensor input) {
  require_image_batch(input, 3, "CTCNet");
  if (input.size(2) % kSizeMultiple != 0 ||
      input.size(3) % kSizeMultiple != 0 || input.size(2) < kMinSize || input.size(3) < kMinSize)
    throw Error(
        fmt::format("CTCNet: input of shape {} is not (N, 3, H, W) with H and W multiples of {} and at least "
                    "{}; feed the 16x16 LR face bicubic-upsampled to 128x128",
                    input.sizes(), kSizeMultiple, kMinSize));
  // Encoder: x at 1, x1 at 1/2, x2 at 1/4, x3 at 1/8 resolution.
  const auto x = res_layers_down1_pre->forward(head->forward(input));
  const auto x1 = res_layers_down1->forward(down1->forward(x));
  const auto x2 = res_layers_down2->forward(down2->forward(x1));
  const auto z = res_layers->forward(down3->forward(x2));

  // Each decoder level concatenates every encoder scale resampled to its size (MFFU).
  auto y1 = torch::cat({up1->forward(z), x2, conv_64->forward(x1), conv_32->forward(conv_32->forward(x))}, 1);
  y1 = res_layers_up1->forward(channel_func_128->forward(tail352_128->forward(y1)));

  auto y2 = torch::cat({up2->forward(y1), x1, conv_32->forward(x), tranpose_128->forward(x2)}, 1);
  y2 = res_layers_up2->forward(channel_func_64->forward(tail288_64->forward(y2)));

  auto y3 = torch::cat(
      {up3->forward(y2), x, tranpose64_128->forward(x1), tranpose128_128->forward(tranpose128_128->forward(x2))}, 1);
  y3 = res_layers_back->forward(channel_func_32->forward(tai256_32->forward(y3)));
  return tail->forward(y3) + input;
}

}  // namespace facesr::ctcnet
