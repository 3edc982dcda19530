// What the inference and training convolutions share of oneDNN (only where
// the build has it): the process's CPU engine, and running a primitive on
// torch tensors whose layout may differ from the one it wants.
#pragma once

#ifdef FACESR_ONEDNN
#include <oneapi/dnnl/dnnl.hpp>

#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

namespace facesr {

inline dnnl::engine& onednn_cpu_engine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

inline dnnl::memory::dims onednn_dims(const torch::Tensor& t) {
  return dnnl::memory::dims(t.sizes().begin(), t.sizes().end());
}

// Output size along one axis of a convolution, or of a transposed one (no
// dilation, no output padding).
inline int64_t conv_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t padding, bool transposed) {
  return transposed ? (in - 1) * stride - 2 * padding + kernel : (in + 2 * padding - kernel) / stride + 1;
}

// A primitive and the layout it wants for each of its arguments.
struct OneDnnPrimitive {
  std::string algorithm;  // "direct", "winograd", "matmul"
  dnnl::primitive primitive;
  std::map<int, dnnl::memory::desc> layouts;  // DNNL_ARG_* → layout
};

// A tensor given to or filled by a primitive, in its own (user) layout.
struct OneDnnOperand {
  int arg;  // DNNL_ARG_*
  torch::Tensor tensor;
  dnnl::memory::desc user;
};

// Inputs already reordered for an earlier primitive of the same call (the
// gradient both backward passes read): tensor data, layout, the copy.
struct OneDnnReordered {
  const void* data;
  dnnl::memory::desc layout;
  OneDnnOperand copy;
};

// Runs `primitive`, reordering operands whose layout differs from the one it
// wants through torch-owned buffers (inputs found in `reordered` are not
// reordered again; new copies are added to it). Returns each input as the
// primitive read it.
std::map<int, OneDnnOperand> run_onednn(const OneDnnPrimitive& primitive, const std::vector<OneDnnOperand>& inputs,
                                        const std::vector<OneDnnOperand>& outputs,
                                        std::vector<OneDnnReordered>& reordered);

}  // namespace facesr
#endif
