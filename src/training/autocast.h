// Mixed precision for a forward pass: bf16 autocast on CPU, fp16/bf16 on CUDA
// (the recipe's `precision`). Losses are computed in fp32 outside the guard.
#pragma once

#include <torch/torch.h>

#include <string>

namespace facesr::training {

class AutocastGuard {
 public:
  // No-op for "fp32". Throws facesr::Error for fp16 on CPU.
  AutocastGuard(const std::string& precision, torch::Device device);
  ~AutocastGuard();
  AutocastGuard(const AutocastGuard&) = delete;
  AutocastGuard& operator=(const AutocastGuard&) = delete;

 private:
  bool active_ = false;
  torch::DeviceType device_type_;
};

}  // namespace facesr::training
