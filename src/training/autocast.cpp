#include "training/autocast.h"

#include <ATen/autocast_mode.h>
#include <torch/version.h>

#include "core/error.h"

namespace facesr::training {

namespace {

// The autocast switches were renamed per device type in PyTorch 2.4.
void set_autocast(torch::DeviceType type, bool enabled, at::ScalarType dtype) {
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
  at::autocast::set_autocast_enabled(type, enabled);
  at::autocast::set_autocast_dtype(type, dtype);
#else
  if (type == torch::kCPU) {
    at::autocast::set_cpu_enabled(enabled);
    at::autocast::set_autocast_cpu_dtype(dtype);
  } else {
    at::autocast::set_enabled(enabled);
    at::autocast::set_autocast_gpu_dtype(dtype);
  }
#endif
}

}  // namespace

AutocastGuard::AutocastGuard(const std::string& precision, torch::Device device) : device_type_(device.type()) {
  if (precision == "fp32") return;
  if (precision == "fp16" && device.is_cpu())
    throw Error("precision fp16 needs a CUDA device; use --set precision=bf16 on CPU");
  set_autocast(device_type_, true, precision == "fp16" ? at::kHalf : at::kBFloat16);
  active_ = true;
}

AutocastGuard::~AutocastGuard() {
  if (!active_) return;
  set_autocast(device_type_, false, device_type_ == torch::kCPU ? at::kBFloat16 : at::kHalf);
  at::autocast::clear_cache();
}

}  // namespace facesr::training
