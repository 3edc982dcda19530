// Multiply-add counts of a forward pass, taken from the operators LibTorch
// actually runs (so every module path, loop and reuse is seen, whatever the
// model code looks like).
#pragma once

#include <cstdint>
#include <functional>

namespace facesr::bench {

// Counted: every convolution (Conv1d/2d/3d, ConvTranspose*, grouped or
// dilated) and every matrix product (Linear layers and the matmul/bmm of
// attention). Not counted: normalisation, activations, softmax, pooling,
// resampling, padding and element-wise arithmetic (bias adds included).
struct MacCount {
  int64_t conv = 0;
  int64_t matmul = 0;
  int64_t total() const { return conv + matmul; }
  // One multiply-add = 2 FLOPs.
  double flops() const { return 2.0 * static_cast<double>(total()); }
};

// Runs `work` on this thread and returns the multiply-adds of the counted
// operators it dispatched. An operator called inside a counted one (mm inside
// matmul, addmm inside linear) is not counted again. Not reentrant.
MacCount count_macs(const std::function<void()>& work);

}  // namespace facesr::bench
