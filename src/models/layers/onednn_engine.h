// The one oneDNN CPU engine of the process, shared by the inference and
// training convolutions (only where the build has oneDNN).
#pragma once

#ifdef FACESR_ONEDNN
#include <oneapi/dnnl/dnnl.hpp>

#include <torch/torch.h>

namespace facesr {

inline dnnl::engine& onednn_cpu_engine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

inline dnnl::memory::dims onednn_dims(const torch::Tensor& t) {
  return dnnl::memory::dims(t.sizes().begin(), t.sizes().end());
}

}  // namespace facesr
#endif
