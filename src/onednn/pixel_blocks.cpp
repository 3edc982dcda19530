#include "onednn/pixel_blocks.h"

namespace facesr::pixel_blocks {

namespace {

int64_t blocks_reached(int64_t kernel, int64_t s) { return (kernel + s - 1) / s; }

// C×K×kh×kw zero-padded to whole blocks and split: C×K×Th×s×Tw×s.
torch::Tensor split_kernel(const torch::Tensor& weight, int64_t s) {
  const int64_t th = blocks_reached(weight.size(2), s), tw = blocks_reached(weight.size(3), s);
  return torch::constant_pad_nd(weight, {0, s * tw - weight.size(3), 0, s * th - weight.size(2)})
      .view({weight.size(0), weight.size(1), th, s, tw, s});
}

}  // namespace

torch::Tensor transposed_weight(const torch::Tensor& weight, int64_t s) {
  // Output pixel s·m + a of block m gets input m − u through tap s·u + a:
  // a correlation over blocks with the kernel's block order reversed.
  const torch::Tensor split = split_kernel(weight, s).flip({2, 4});  // C, K, u, a, v, b
  return split.permute({3, 5, 1, 0, 2, 4})
      .reshape({s * s * weight.size(1), weight.size(0), split.size(2), split.size(4)})
      .contiguous();
}

torch::Tensor transposed_bias(const torch::Tensor& bias, int64_t s) {
  return bias.defined() ? bias.repeat({s * s}) : torch::Tensor();
}

torch::Tensor from_blocks(const torch::Tensor& blocks, int64_t s, int64_t p, int64_t out_h, int64_t out_w) {
  const int64_t n = blocks.size(0), k = blocks.size(1) / (s * s), mh = blocks.size(2), mw = blocks.size(3);
  const torch::Tensor pixels = blocks.permute({0, 2, 3, 1})
                                   .reshape({n, mh, mw, s, s, k})
                                   .permute({0, 1, 3, 2, 4, 5})
                                   .reshape({n, mh * s, mw * s, k});
  torch::Tensor out =
      torch::empty({n, k, out_h, out_w}, blocks.options().memory_format(torch::MemoryFormat::ChannelsLast));
  out.permute({0, 2, 3, 1}).copy_(pixels.slice(1, p, p + out_h).slice(2, p, p + out_w));
  return out;
}

}  // namespace facesr::pixel_blocks
