// Process-wide execution settings: LibTorch's thread pools and the device.
#pragma once

#include <torch/torch.h>

#include <string>

namespace facesr {

// Sets LibTorch's intra-op thread count explicitly; 0 means every core.
// Returns the count in use.
int configure_threads(int threads);

// Parses "cpu", "cuda" or "cuda:N". Throws facesr::Error if the name is
// unknown or CUDA is asked for but this build or machine has none.
torch::Device select_device(const std::string& name);

}  // namespace facesr
