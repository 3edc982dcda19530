#include "models/sparnet/sparnet.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "core/error.h"
#include "models/tensor_checks.h"

namespace facesr::sparnet {

namespace {

// log2(numerator / denominator) for an exact power-of-two ratio, else throws.
int log2_ratio(int64_t numerator, int64_t denominator, const char* what) {
  for (int n = 0; n < 16; ++n) {
    if (denominator << n == numerator) return n;
  }
  throw Error(fmt::format("SPARNet: {} ({} / {}) must be a power of two", what, numerator, denominator));
}

}  // namespace

SPARNetOptions SPARNetOptions::sparnet() { return {}; }

SPARNetOptions SPARNetOptions::sparnet_light() {
  return SPARNetOptions().res_depth(1).attention(AttentionType::Spatial3D);
}

SPARNetOptions SPARNetOptions::sparnet_hd() {
  return SPARNetOptions()
      .max_channels(512)
      .in_size(512)
      .out_size(512)
      .min_feat_size(32)
      .norm(NormType::Instance)
      .spectral_norm(true);
}

SPARNetImpl::SPARNetImpl(const SPARNetOptions& o) : options(o) {
  auto ch_clip = [&](int64_t c) { return std::max(o.min_channels(), std::min(c, o.max_channels())); };
  const int down_steps = log2_ratio(o.in_size(), o.min_feat_size(), "in_size / min_feat_size");
  const int up_steps = log2_ratio(o.out_size(), o.min_feat_size(), "out_size / min_feat_size");
  int hg_depth = log2_ratio(64, o.bottleneck_size(), "64 / bottleneck_size");
  if (o.res_depth() + 3 - down_steps < 0) throw Error("SPARNet: res_depth must be >= log2(in_size / min_feat_size) - 3");
  if (o.global_residual() && o.in_size() != o.out_size())
    throw Error("SPARNet: a global residual needs the output the input's size");
  auto block = [&](int64_t c_in, int64_t c_out, Scale scale) {
    return ResidualBlock(ResidualBlockOptions(c_in, c_out)
                             .scale(scale)
                             .norm(o.norm())
                             .relu(o.relu())
                             .hourglass_depth(hg_depth)
                             .hourglass_channels(o.hourglass_channels())
                             .attention(o.attention())
                             .spectral_norm(o.spectral_norm()));
  };
  int deepest = 0;  // log2 of the largest down-scaling inside the network (hourglass bottoms)

  // The official start width: integer division, e.g. 512 // 5 = 102 for SPARNetHD.
  int64_t n_ch = ch_clip(o.max_channels() / (down_steps + 1));
  encoder_ = register_module("encoder", torch::nn::Sequential(ConvLayer(
                                            ConvLayerOptions(3, n_ch).spectral_norm(o.spectral_norm()))));
  for (int i = 0; i < down_steps; ++i) {
    encoder_->push_back(block(ch_clip(n_ch), ch_clip(n_ch * 2), Scale::Down));
    deepest = std::max(deepest, i + 1 + hg_depth);
    n_ch *= 2;
    hg_depth -= 1;
  }
  hg_depth += 1;

  res_layers_ = register_module("res_layers", torch::nn::Sequential());
  for (int i = 0; i < o.res_depth() + 3 - down_steps; ++i) {
    res_layers_->push_back(block(ch_clip(n_ch), ch_clip(n_ch), Scale::None));
    deepest = std::max(deepest, down_steps + hg_depth);
  }

  decoder_ = register_module("decoder", torch::nn::Sequential());
  for (int i = 0; i < up_steps; ++i) {
    hg_depth += 1;
    decoder_->push_back(block(ch_clip(n_ch), ch_clip(n_ch / 2), Scale::Up));
    deepest = std::max(deepest, down_steps - i - 1 + hg_depth);
    n_ch /= 2;
  }
  out_conv_ = register_module("out_conv", ConvLayer(ConvLayerOptions(ch_clip(n_ch), 3).spectral_norm(o.spectral_norm())));
  min_input_side_ = int64_t{2} << deepest;
}

torch::Tensor SPARNetImpl::forward(torch::Tensor input) {
  require_image_batch(input, 3, "SPARNet");
  if (std::min(input.size(2), input.size(3)) < min_input_side_) {
    throw Error(fmt::format("SPARNet: input {}x{} is too small; it needs at least {}x{} (trained at {}x{})",
                            input.size(2), input.size(3), min_input_side_, min_input_side_, options.in_size(),
                            options.in_size()));
  }
  torch::Tensor x = encoder_->forward(input);
  // A shallow network (res_depth = log2(in / min_feat) - 3) has no body
  // blocks; PyTorch's empty Sequential passes the features through.
  if (!res_layers_->is_empty()) x = res_layers_->forward(x);
  x = out_conv_->forward(decoder_->forward(x));
  return options.global_residual() ? input + x : x;
}

}  // namespace facesr::sparnet
