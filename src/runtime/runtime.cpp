#include "runtime/runtime.h"

#include <ATen/Parallel.h>

#include <mutex>
#include <thread>

#include "core/error.h"

namespace facesr {

int configure_threads(int threads) {
  if (threads < 0) throw Error("--threads " + std::to_string(threads) + ": must be 0 (all cores) or positive");
  const int n = threads == 0 ? static_cast<int>(std::max(1u, std::thread::hardware_concurrency())) : threads;
  torch::set_num_threads(n);
  return n;
}

void run_operators_on_this_thread_only() {
  // at::set_num_threads also changes the process default, which threads that
  // have not run an operator yet start from; a short-lived thread puts it
  // back. The mutex keeps two helpers from reading each other's 1.
  static std::mutex mutex;
  const std::lock_guard<std::mutex> lock(mutex);
  const int process_default = at::get_num_threads();  // also this thread's first-use set-up, not to run later
  at::set_num_threads(1);
  std::thread([process_default] { at::set_num_threads(process_default); }).join();
}

torch::Device select_device(const std::string& name) {
  if (name == "cpu") return torch::Device(torch::kCPU);
  if (name.rfind("cuda", 0) == 0) {
    int index = 0;
    if (name.size() > 4) {
      if (name[4] != ':' || name.size() == 5 || name.find_first_not_of("0123456789", 5) != std::string::npos)
        throw Error("--device " + name + ": expected cpu, cuda or cuda:N");
      index = std::stoi(name.substr(5));
    }
    if (!torch::cuda::is_available())
      throw Error("--device " + name + ": no CUDA device is available to this LibTorch build; use --device cpu");
    if (index >= static_cast<int>(torch::cuda::device_count()))
      throw Error("--device " + name + ": only " + std::to_string(torch::cuda::device_count()) +
                  " CUDA device(s) present");
    return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
  }
  throw Error("--device " + name + ": expected cpu, cuda or cuda:N");
}

}  // namespace facesr
