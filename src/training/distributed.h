// Data-parallel training over PyTorch c10d, the C++ counterpart of
// torch.distributed + DDP's gradient averaging. Every process runs the same
// training loop on its own data shard; after backward, average_gradients()
// all-reduces the gradients so the replicas stay identical.
//
// Launch: `torchrun --nproc_per_node=N facesr train ...` (or any launcher
// that sets RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR and MASTER_PORT).
// Without WORLD_SIZE (or with WORLD_SIZE=1) everything is a no-op.
//
// Backends: NCCL for CUDA devices when LibTorch was built with it
// (USE_C10D_NCCL and nccl.h available), otherwise Gloo (needs the gloo headers:
// Debian libgloo-dev). Rank 0 hosts the TCPStore rendezvous at
// MASTER_ADDR:MASTER_PORT.
#pragma once

#include <torch/torch.h>

#include <chrono>
#include <memory>
#include <string>

namespace facesr {

// The torchrun environment of this process.
struct DistributedEnv {
  int rank = 0;
  int world_size = 1;
  int local_rank = 0;  // the GPU index on this node
  std::string master_addr;
  int master_port = 0;

  // Reads RANK, WORLD_SIZE, LOCAL_RANK (default: RANK), MASTER_ADDR and
  // MASTER_PORT. No WORLD_SIZE means one process. Throws facesr::Error naming
  // the variable when one is malformed or missing.
  static DistributedEnv from_environment();
};

class ProcessGroupContext {
 public:
  // DDP's default bucket: gradients are flattened into ~25 MB all-reduces.
  static constexpr int64_t kDefaultBucketBytes = int64_t{25} << 20;

  // One process: rank 0 of 1, every collective a no-op.
  ProcessGroupContext();
  // Joins the group of `env` (a no-op context when env.world_size == 1).
  // `device` is where the module lives: CUDA picks NCCL when available.
  // `timeout` bounds the rendezvous and every collective. Throws a one-line
  // facesr::Error naming MASTER_ADDR:MASTER_PORT when the rendezvous fails.
  ProcessGroupContext(const DistributedEnv& env, torch::Device device,
                      std::chrono::milliseconds timeout = std::chrono::minutes(10));
  ~ProcessGroupContext();
  ProcessGroupContext(ProcessGroupContext&&) noexcept;
  ProcessGroupContext& operator=(ProcessGroupContext&&) noexcept;

  int rank() const { return env_.rank; }
  int world_size() const { return env_.world_size; }
  int local_rank() const { return env_.local_rank; }
  bool is_main() const { return env_.rank == 0; }
  bool enabled() const { return env_.world_size > 1; }
  std::string backend() const;  // "none", "gloo" or "nccl"

  // Copies rank 0's parameters and buffers into every rank's `module`.
  void broadcast_parameters(torch::nn::Module& module);

  // Replaces every gradient of `module`'s trainable parameters by its mean
  // over the ranks (all-reduce SUM / world_size), in flattened buckets of at
  // most `bucket_bytes`. A trainable parameter without a gradient gets a zero
  // one first, so every rank reduces the same buckets.
  void average_gradients(torch::nn::Module& module, int64_t bucket_bytes = kDefaultBucketBytes);

  // Blocks until every rank has reached it.
  void barrier();

  // True on every rank when `flag` is true on any (all-reduce MAX): ranks
  // that must stop together, e.g. on one rank's time limit, agree on it.
  bool any_rank(bool flag);

 private:
  struct Impl;
  DistributedEnv env_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace facesr
