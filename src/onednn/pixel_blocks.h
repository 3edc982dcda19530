// A transposed convolution of stride s rewritten as a stride-1 convolution
// whose output channels are s×s blocks of output pixels (sub-pixel
// convolution, then depth-to-space): kernel ceil(k/s) wide, the layer's
// weights rearranged (zero where its kernel does not reach). Same sums,
// other order: oneDNN's strided deconvolution kernel ran DIC's 12×12 stride-8
// projections 1.5× and its 8×8 stride-4 ones 2× slower on AVX2 than this wide
// dense layer (48 → 3,072 channels) plus the copy back into pixels.
// Pure LibTorch; OneDnnConv runs the rewritten layer.
//
// Blocks hold channels in the order (row in block, column in block, channel),
// so that in channels-last memory a block is one contiguous run.
#pragma once

#include <torch/torch.h>

namespace facesr::pixel_blocks {

// With weight C×K×kh×kw as ConvTranspose2d's (square kernel k), stride s,
// padding p, no output padding:
//   from_blocks(conv2d(x, transposed_weight(w, s), transposed_bias(b, s), 1,
//                      transposed_padding(k, s)), s, p, Ho, Wo)
//   == conv_transpose2d(x, w, b, s, p).
torch::Tensor transposed_weight(const torch::Tensor& weight, int64_t s);
// The rewritten layer's zero padding: its kernel's reach in blocks, ceil(k/s), less one.
inline int64_t transposed_padding(int64_t kernel, int64_t s) { return (kernel + s - 1) / s - 1; }
// The bias of every output pixel once per position in the block (undefined
// stays undefined).
torch::Tensor transposed_bias(const torch::Tensor& bias, int64_t s);
// N×(s·s·K)×Mh×Mw blocks → N×K×out_h×out_w, channels-last: blocks laid out
// as pixels, the first `p` rows and columns and those past out_h, out_w cropped.
torch::Tensor from_blocks(const torch::Tensor& blocks, int64_t s, int64_t p, int64_t out_h, int64_t out_w);

// Where OneDnnConv runs a transposed layer this way (inference): stride 4 and
// up, on AVX2, where it was measured (bench/README.md, "A native AVX2 machine":
// DIC's strided layers); AVX-512 keeps oneDNN's deconvolution until measured there.
inline bool pays(int64_t stride, bool avx512) { return stride >= 4 && !avx512; }

}  // namespace facesr::pixel_blocks
