#include "training/distributed.h"

#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/version.h>

// Gloo's headers are not in the PyTorch wheels; Debian ships them in
// libgloo-dev. Without them only NCCL (or one process) is available.
#if defined(USE_C10D_GLOO) && __has_include(<gloo/algorithm.h>)
#define FACESR_HAVE_GLOO 1
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#if defined(USE_C10D_NCCL) && __has_include(<nccl.h>)
#define FACESR_HAVE_NCCL 1
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <cstdlib>
#include <map>
#include <utility>
#include <vector>

#include "core/error.h"

namespace facesr {

namespace {

// PyTorch 2 moved the collectives from ProcessGroup into the Backend class
// that ProcessGroupGloo/NCCL derive from.
#if TORCH_VERSION_MAJOR >= 2
using Collectives = c10d::Backend;
#else
using Collectives = c10d::ProcessGroup;
#endif
using WorkPtr = decltype(std::declval<Collectives&>().barrier());

std::string first_line(const std::exception& error) {
  const auto* c10_error = dynamic_cast<const c10::Error*>(&error);
  std::string text = c10_error ? c10_error->what_without_backtrace() : error.what();
  return text.substr(0, text.find('\n'));
}

const char* getenv_or_null(const char* name) {
  const char* value = std::getenv(name);
  return value && *value ? value : nullptr;
}

int parse_int(const char* name, const char* value, int min, int max) {
  char* end = nullptr;
  const long parsed = std::strtol(value, &end, 10);
  if (*end != '\0' || parsed < min || parsed > max) {
    throw Error(std::string("environment variable ") + name + "='" + value + "' is not an integer in " +
                std::to_string(min) + ".." + std::to_string(max) + "; set it as torchrun does or unset it");
  }
  return static_cast<int>(parsed);
}

// Same-dtype, same-device runs of `tensors`, in order, each at most
// `bucket_bytes` (a larger tensor gets a bucket of its own).
std::vector<std::vector<torch::Tensor>> make_buckets(const std::vector<torch::Tensor>& tensors, int64_t bucket_bytes) {
  std::vector<std::vector<torch::Tensor>> buckets;
  std::vector<int64_t> filled;
  std::map<std::pair<int, std::string>, size_t> open;  // (dtype, device) -> bucket being filled
  for (const auto& tensor : tensors) {
    const auto key = std::make_pair(static_cast<int>(tensor.scalar_type()), tensor.device().str());
    const int64_t bytes = tensor.numel() * static_cast<int64_t>(tensor.element_size());
    const auto it = open.find(key);
    if (it != open.end() && filled[it->second] + bytes <= bucket_bytes) {
      buckets[it->second].push_back(tensor);
      filled[it->second] += bytes;
    } else {
      open[key] = buckets.size();
      buckets.push_back({tensor});
      filled.push_back(bytes);
    }
  }
  return buckets;
}

}  // namespace

DistributedEnv DistributedEnv::from_environment() {
  DistributedEnv env;
  const char* world = getenv_or_null("WORLD_SIZE");
  if (!world) return env;
  env.world_size = parse_int("WORLD_SIZE", world, 1, 1 << 20);
  if (env.world_size == 1) return env;
  const char* rank = getenv_or_null("RANK");
  const char* addr = getenv_or_null("MASTER_ADDR");
  const char* port = getenv_or_null("MASTER_PORT");
  if (!rank || !addr || !port) {
    throw Error("WORLD_SIZE=" + std::string(world) + " but " + (!rank ? "RANK" : !addr ? "MASTER_ADDR" : "MASTER_PORT") +
                " is not set; launch with torchrun or set RANK, MASTER_ADDR and MASTER_PORT too");
  }
  env.rank = parse_int("RANK", rank, 0, env.world_size - 1);
  const char* local = getenv_or_null("LOCAL_RANK");
  env.local_rank = local ? parse_int("LOCAL_RANK", local, 0, env.world_size - 1) : env.rank;
  env.master_addr = addr;
  env.master_port = parse_int("MASTER_PORT", port, 1, 65535);
  return env;
}

struct ProcessGroupContext::Impl {
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<Collectives> group;  // declared last: destroyed before the store
  std::string backend;
  torch::Device device = torch::kCPU;  // where the backend's tensors live (CUDA for NCCL)

  void wait(std::vector<WorkPtr>& works, const char* what, const DistributedEnv& env) {
    try {
      for (auto& work : works) work->wait();
    } catch (const std::exception& error) {
      throw Error(std::string("distributed ") + what + " failed on rank " + std::to_string(env.rank) + " of " +
                  std::to_string(env.world_size) + " (" + first_line(error) +
                  "); another rank probably exited or diverged: check its log");
    }
  }

  // Flattens `tensors` into buckets, runs `launch` on each (all in flight at
  // once), waits, divides by `divisor` and copies the results back.
  template <typename Launch>
  void bucketed(const std::vector<torch::Tensor>& tensors, int64_t bucket_bytes, double divisor, const char* what,
                const DistributedEnv& env, Launch launch) {
    torch::NoGradGuard no_grad;
    const auto buckets = make_buckets(tensors, bucket_bytes);
    std::vector<std::vector<torch::Tensor>> flats;
    std::vector<WorkPtr> works;
    for (const auto& bucket : buckets) {
      std::vector<torch::Tensor> views;
      for (const auto& tensor : bucket) views.push_back(tensor.reshape(-1));
      flats.push_back({torch::cat(views)});
      works.push_back(launch(flats.back()));
    }
    wait(works, what, env);
    for (size_t b = 0; b < buckets.size(); ++b) {
      auto& flat = flats[b][0];
      if (divisor != 1.0) flat.div_(divisor);
      int64_t offset = 0;
      for (const auto& tensor : buckets[b]) {
        tensor.copy_(flat.narrow(0, offset, tensor.numel()).view_as(tensor));
        offset += tensor.numel();
      }
    }
  }
};

ProcessGroupContext::ProcessGroupContext() = default;
ProcessGroupContext::~ProcessGroupContext() = default;
ProcessGroupContext::ProcessGroupContext(ProcessGroupContext&&) noexcept = default;
ProcessGroupContext& ProcessGroupContext::operator=(ProcessGroupContext&&) noexcept = default;

ProcessGroupContext::ProcessGroupContext(const DistributedEnv& env, torch::Device device,
                                         std::chrono::milliseconds timeout)
    : env_(env) {
  if (env.world_size <= 1) return;
  const std::string where = env.master_addr + ":" + std::to_string(env.master_port);
  auto impl = std::make_unique<Impl>();
  try {
    c10d::TCPStoreOptions options;
    options.port = static_cast<uint16_t>(env.master_port);
    options.isServer = env.rank == 0;
    options.numWorkers = static_cast<size_t>(env.world_size);
    options.waitWorkers = true;
    options.timeout = timeout;
    impl->store = c10::make_intrusive<c10d::TCPStore>(env.master_addr, options);
#ifdef FACESR_HAVE_NCCL
    if (device.is_cuda()) {
      auto nccl = c10d::ProcessGroupNCCL::Options::create();
      nccl->timeout = timeout;
      impl->group = c10::make_intrusive<c10d::ProcessGroupNCCL>(impl->store, env.rank, env.world_size, nccl);
      impl->backend = "nccl";
      impl->device = device;
    }
#endif
#ifdef FACESR_HAVE_GLOO
    if (!impl->group) {
      auto gloo = c10d::ProcessGroupGloo::Options::create(timeout);
      // As torch.distributed: GLOO_SOCKET_IFNAME wins; a loopback master means
      // one machine, so bind to loopback; else the hostname's address.
      const char* interface = getenv_or_null("GLOO_SOCKET_IFNAME");
      const bool loopback = env.master_addr == "localhost" || env.master_addr.rfind("127.", 0) == 0;
      gloo->devices.push_back(interface    ? c10d::ProcessGroupGloo::createDeviceForInterface(interface)
                              : loopback ? c10d::ProcessGroupGloo::createDeviceForHostname(env.master_addr)
                                         : c10d::ProcessGroupGloo::createDefaultDevice());
      impl->group = c10::make_intrusive<c10d::ProcessGroupGloo>(impl->store, env.rank, env.world_size, gloo);
      impl->backend = "gloo";
    }
#endif
  } catch (const std::exception& error) {
    throw Error("distributed rendezvous at MASTER_ADDR:MASTER_PORT=" + where + " failed for rank " +
                std::to_string(env.rank) + " of " + std::to_string(env.world_size) + " (" + first_line(error) +
                "); start all WORLD_SIZE processes (torchrun does), make MASTER_ADDR reachable from every rank and "
                "MASTER_PORT free on rank 0");
  }
  if (!impl->group) {
    throw Error("WORLD_SIZE=" + std::to_string(env.world_size) +
                " but this build has no c10d backend for " + device.str() +
                "; install the gloo headers (Debian libgloo-dev) or NCCL and rebuild, or run one process");
  }
  impl_ = std::move(impl);
}

std::string ProcessGroupContext::backend() const { return impl_ ? impl_->backend : "none"; }

void ProcessGroupContext::broadcast_parameters(torch::nn::Module& module) {
  if (!impl_) return;
  std::vector<torch::Tensor> tensors = module.parameters();
  for (const auto& buffer : module.buffers()) tensors.push_back(buffer);
  c10d::BroadcastOptions options;
  options.rootRank = 0;
  impl_->bucketed(tensors, kDefaultBucketBytes, 1.0, "broadcast", env_,
                  [&](std::vector<torch::Tensor>& flat) { return impl_->group->broadcast(flat, options); });
}

void ProcessGroupContext::average_gradients(torch::nn::Module& module, int64_t bucket_bytes) {
  if (!impl_) return;
  std::vector<torch::Tensor> grads;
  for (auto& parameter : module.parameters()) {
    if (!parameter.requires_grad()) continue;
    if (!parameter.grad().defined()) parameter.mutable_grad() = torch::zeros_like(parameter);
    grads.push_back(parameter.grad());
  }
  impl_->bucketed(grads, bucket_bytes, env_.world_size, "all-reduce", env_,
                  [&](std::vector<torch::Tensor>& flat) { return impl_->group->allreduce(flat); });
}

void ProcessGroupContext::barrier() {
  if (!impl_) return;
  std::vector<WorkPtr> works = {impl_->group->barrier()};
  impl_->wait(works, "barrier", env_);
}

bool ProcessGroupContext::any_rank(bool flag) {
  if (!impl_) return flag;
  std::vector<torch::Tensor> vote = {
      torch::full({1}, flag ? 1 : 0, torch::TensorOptions().dtype(torch::kInt).device(impl_->device))};
  c10d::AllreduceOptions options;
  options.reduceOp = c10d::ReduceOp::MAX;
  std::vector<WorkPtr> works = {impl_->group->allreduce(vote, options)};
  impl_->wait(works, "stop vote", env_);
  return vote[0].item<int>() != 0;
}

}  // namespace facesr
