// The speed of one zoo network with fill-v1 weights (no files needed), at
// inference or for one training step, per element type and batch size:
// latency, CPU time, images/s, FLOP/s against the CPU's peak and peak
// memory. The measurements of `facesr bench`, as JSON.
#pragma once

#include <torch/torch.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace facesr::bench {

struct NetworkBenchOptions {
  std::string model;
  nlohmann::json model_options = nlohmann::json::object();
  std::vector<int> batches;  // empty: 1 and 16 on CPU, 1 and 64 on CUDA
  std::vector<std::string> dtypes{"fp32", "bf16", "fp16"};
  torch::Device device = torch::kCPU;
  int repeats = 5;  // timed runs; the median is reported
  int warmup = 1;   // untimed runs first
  bool train = false;    // one training step (forward, L1 loss, backward, Adam) instead of inference
  bool profile = false;  // per-operator times of one more pass (or step)
  // Inference: parse_tuning's text; with train: default (oneDNN's training
  // convolutions, what `facesr train` uses) or none (LibTorch's).
  std::string tuning = "default";
};

struct NetworkBenchEvents {
  std::function<void(const nlohmann::json& report)> on_start;   // the report without results, before measuring
  std::function<void(const nlohmann::json& result)> on_result;  // each entry of report["results"] when measured
  std::function<void(const std::string& dtype, const std::string& why)> on_skip;  // a dtype not measured
};

// The report: the network, machine and settings, then "results" (one per
// dtype and batch) and "skipped". Throws facesr::Error for a fixed resampler,
// an unknown dtype or tuning, or when every dtype was skipped.
nlohmann::json run_network_bench(const NetworkBenchOptions& options, const NetworkBenchEvents& events = {});

// fp32, bf16 or fp16; throws facesr::Error for another name.
torch::ScalarType parse_dtype(const std::string& name);

}  // namespace facesr::bench
