// Process-wide execution settings: LibTorch's thread pools and the device.
#pragma once

#include <torch/torch.h>

#include <string>

namespace facesr {

// Sets LibTorch's intra-op thread count explicitly; 0 means every core.
// Returns the count in use.
int configure_threads(int threads);

// Makes LibTorch run the calling thread's operators on that thread alone,
// leaving every other thread's count as it was. For helper threads (data
// loading) beside a network that already uses every core: with OpenMP, a
// helper's first parallel operator starts a second thread team, and once
// threads outnumber cores libgomp cuts every thread's spin-wait to 1,000
// turns, so each parallel region sleeps and wakes through futex. That took
// `facesr train sparnet` at 2 threads from 3.6 to 2.3 images/s, with half
// its CPU time in the kernel.
void run_operators_on_this_thread_only();

// Parses "cpu", "cuda" or "cuda:N". Throws facesr::Error if the name is
// unknown or CUDA is asked for but this build or machine has none.
torch::Device select_device(const std::string& name);

}  // namespace facesr
