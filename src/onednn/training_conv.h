// Convolutions in training (forward, and the gradients of input, weight and
// bias) run by oneDNN directly, for what LibTorch 1.13 does not do:
//  - Winograd: LibTorch asks oneDNN for direct convolution only; oneDNN 2.x
//    also has F(4×4,3×3) kernels for 3×3 stride-1 layers in the forward pass
//    and both backward passes, 1.5-3× faster on SPARNet's layers at batch 4.
//    It is used by a fixed shape rule (32+ channels in and out, 1,024+ output
//    pixels per batch), not a timing, so that a resumed run computes what an
//    uninterrupted one does (bench/README.md has the measurements). It rounds
//    differently: outputs and gradients within 1e-3 of their range in the
//    tests.
//  - transposed convolutions as oneDNN deconvolutions (LibTorch: GEMM +
//    col2im, forward and backward);
//  - grouped convolutions (DIC's fusion block) in oneDNN's blocked layout:
//    LibTorch's grouped backward took 43 ms per call where oneDNN's own
//    takes about 1 ms;
//  - the input reordered to oneDNN's layout once per step, not once for the
//    forward and again for the weight gradient, and the output gradient once
//    for both backward passes.
#pragma once

#include <torch/torch.h>

#include <string>
#include <vector>

#include "onednn/conv.h"

namespace facesr {

// torch::conv2d(x, weight, bias, stride, padding, 1, groups) /
// conv_transpose2d(x, weight, bias, stride, padding) with their gradients
// (no dilation, output padding or grouped transposed layers); through oneDNN
// where `onednn` (the layer's UsesOneDnn::trains_with_onednn(), set per
// network by set_conv_backend), grad mode is on, something needs a gradient
// and x and weight are float32 on the CPU; else LibTorch's.
torch::Tensor conv2d_for_training(bool onednn, const torch::Tensor& x, const torch::Tensor& weight,
                                  const torch::Tensor& bias, int64_t stride, int64_t padding, int64_t groups = 1);
torch::Tensor conv_transpose2d_for_training(bool onednn, const torch::Tensor& x, const torch::Tensor& weight,
                                            const torch::Tensor& bias, int64_t stride, int64_t padding);

// The oneDNN path itself, differentiable in x, weight and bias (which may be
// undefined). NCHW or NHWC in, the same out. Fastest applies the Winograd
// shape rule; Direct and Winograd force one (Winograd falls back to direct
// where oneDNN has no Winograd kernel for a pass or the layer is not 3×3
// stride 1 or grouped).
torch::Tensor onednn_training_conv2d(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                                     int64_t stride, int64_t padding, int64_t groups = 1,
                                     ConvAlgorithm algorithm = ConvAlgorithm::Fastest);
torch::Tensor onednn_training_conv_transpose2d(const torch::Tensor& x, const torch::Tensor& weight,
                                               const torch::Tensor& bias, int64_t stride, int64_t padding);

// "<shape>: forward=winograd backward_data=… backward_weights=…" for each
// layer shape seen so far: what Fastest runs (tests and bench).
std::vector<std::string> onednn_training_choices();

}  // namespace facesr
