// Nearest-neighbour up-sampling by `upscale` followed by reflection padding of
// `pad` pixels on each side (ConvLayer's input path), in one pass over memory.
//
// LibTorch's reflection_pad2d converts an NHWC tensor to NCHW and back (two
// extra copies) and is slow even on NCHW; this gather writes each output
// pixel once, keeps the input's memory format, and copies whole channel
// vectors in NHWC. Its gradient (float32/float64) is the matching
// scatter-add. Off the CPU it composes the LibTorch operators.
#pragma once

#include <torch/torch.h>

namespace facesr {

torch::Tensor upsample_reflect_pad(const torch::Tensor& x, int64_t pad, int64_t upscale = 1);

}  // namespace facesr
