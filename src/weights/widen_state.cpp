#include "weights/widen_state.h"

namespace facesr {

namespace {

bool fits_wider(const torch::Tensor& narrow, const torch::Tensor& wide) {
  if (narrow.dim() != wide.dim() || narrow.sizes() == wide.sizes()) return false;
  for (int64_t d = 0; d < wide.dim(); ++d) {
    if (d < 2 ? narrow.size(d) > wide.size(d) : narrow.size(d) != wide.size(d)) return false;
  }
  return true;
}

}  // namespace

std::map<std::string, torch::Tensor> widen_state(const StateEntries& module,
                                                 std::map<std::string, torch::Tensor> state) {
  torch::NoGradGuard no_grad;
  for (const auto& [key, own] : module) {
    const auto it = state.find(key);
    if (it == state.end() || !fits_wider(it->second, own)) continue;
    const torch::Tensor& narrow = it->second;
    torch::Tensor wide = own.detach().to(torch::kCPU).clone();
    torch::Tensor old_block = wide.narrow(0, 0, narrow.size(0));
    if (wide.dim() >= 2) {
      old_block = old_block.narrow(1, 0, narrow.size(1));
      // The old outputs must not hear the new inputs.
      wide.narrow(0, 0, narrow.size(0)).narrow(1, narrow.size(1), wide.size(1) - narrow.size(1)).zero_();
    }
    old_block.copy_(narrow);
    it->second = wide;
  }
  return state;
}

}  // namespace facesr
