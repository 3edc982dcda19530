#include "models/ctcnet/transposed_attention.h"

#include <fmt/format.h>

#include "core/error.h"

namespace facesr::ctcnet {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

TransposedAttentionImpl::TransposedAttentionImpl(int64_t channels, int64_t heads) : heads_(heads) {
  if (heads < 1 || channels % heads != 0)
    throw Error(
        fmt::format("TransposedAttention: {} channels cannot be split into {} heads; use a head count that "
                    "divides the channel count",
                    channels, heads));
  temperature = register_parameter("temperature", torch::ones({heads, 1, 1}));
  qkv = register_module("qkv", FastConv2d(nn::Conv2dOptions(channels, 3 * channels, 1).bias(false)));
  qkv_dwconv = register_module(
      "qkv_dwconv",
      FastConv2d(nn::Conv2dOptions(3 * channels, 3 * channels, 3).padding(1).groups(3 * channels).bias(false)));
  project_out = register_module("project_out", FastConv2d(nn::Conv2dOptions(channels, channels, 1).bias(false)));
}

torch::Tensor TransposedAttentionImpl::forward(const torch::Tensor& x) {
  const int64_t b = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
  const auto qkv_maps = qkv_dwconv->forward(qkv->forward(x)).chunk(3, 1);
  // (B, C, H, W) → (B, heads, C/heads, H·W): each head attends over its own channels.
  const auto per_head = [&](const torch::Tensor& t) { return t.reshape({b, heads_, c / heads_, h * w}); };
  const auto q = F::normalize(per_head(qkv_maps[0]), F::NormalizeFuncOptions().dim(-1));
  const auto k = F::normalize(per_head(qkv_maps[1]), F::NormalizeFuncOptions().dim(-1));
  const auto v = per_head(qkv_maps[2]);
  const auto attn = torch::softmax(torch::matmul(q, k.transpose(-2, -1)) * temperature, -1);
  return project_out->forward(torch::matmul(attn, v).reshape({b, c, h, w}));
}

}  // namespace facesr::ctcnet
