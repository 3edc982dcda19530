// Data-parallel c10d over Gloo: the parent test runs two copies of this test
// binary as ranks 0 and 1 (the Worker test, skipped unless FACESR_DDP_WORKER
// is set) and checks their averaged gradients against a single process and
// that a stop vote by one rank reaches both.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "io/safetensors.h"
#include "test_paths.h"
#include "training/distributed.h"
#include "weights/fill_v1.h"

extern char** environ;

namespace {

using namespace std::chrono_literals;
namespace nn = torch::nn;

constexpr const char* kWorkerFlag = "FACESR_DDP_WORKER";
constexpr const char* kOutDir = "FACESR_DDP_OUT";

// Conv + BatchNorm (parameters and float/int64 buffers) + conv.
nn::Sequential make_net() {
  nn::Sequential net(nn::Conv2d(nn::Conv2dOptions(3, 8, 3).padding(1)), nn::BatchNorm2d(8), nn::ReLU(),
                     nn::Conv2d(nn::Conv2dOptions(8, 4, 3).padding(1)));
  facesr::fill::fill_module(*net, 7);
  return net;
}

// Rank r trains on rows [2r, 2r + 2) of one fixed batch.
torch::Tensor half_batch(int rank) { return facesr::fill::input("batch", {4, 3, 8, 8}, 11).narrow(0, 2 * rank, 2); }

void backward(nn::Sequential& net, int rank) { net->forward(half_batch(rank)).pow(2).mean().backward(); }

std::map<std::string, torch::Tensor> gradients(nn::Sequential& net) {
  std::map<std::string, torch::Tensor> grads;
  for (const auto& item : net->named_parameters()) grads[item.key()] = item.value().grad().clone();
  return grads;
}

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
    ::close(fd);
    return 0;
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

// Sets environment variables for one test and restores them afterwards.
class ScopedEnv {
 public:
  void set(const std::string& name, const std::optional<std::string>& value) {
    if (!saved_.count(name)) {
      const char* old = std::getenv(name.c_str());
      saved_[name] = old ? std::optional<std::string>(old) : std::nullopt;
    }
    value ? ::setenv(name.c_str(), value->c_str(), 1) : ::unsetenv(name.c_str());
  }
  ~ScopedEnv() {
    for (const auto& [name, value] : saved_) value ? ::setenv(name.c_str(), value->c_str(), 1) : ::unsetenv(name.c_str());
  }

 private:
  std::map<std::string, std::optional<std::string>> saved_;
};

pid_t spawn_worker(int rank, int port, const std::string& out_dir) {
  const std::map<std::string, std::string> extra = {
      {"RANK", std::to_string(rank)}, {"LOCAL_RANK", std::to_string(rank)}, {"WORLD_SIZE", "2"},
      {"MASTER_ADDR", "127.0.0.1"},   {"MASTER_PORT", std::to_string(port)}, {kWorkerFlag, "1"},
      {kOutDir, out_dir},             {"OMP_NUM_THREADS", "1"}};
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    const std::string entry = *e;
    if (!extra.count(entry.substr(0, entry.find('=')))) env.push_back(entry);
  }
  for (const auto& [name, value] : extra) env.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& entry : env) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::string exe = "/proc/self/exe", filter = "--gtest_filter=Distributed.Worker";
  char* argv[] = {exe.data(), filter.data(), nullptr};
  pid_t pid = 0;
  return ::posix_spawn(&pid, exe.c_str(), nullptr, nullptr, argv, envp.data()) == 0 ? pid : -1;
}

}  // namespace

// One rank of the two-process run started by AveragesGradientsAcrossTwoProcesses.
TEST(Distributed, Worker) {
  if (!std::getenv(kWorkerFlag)) GTEST_SKIP() << "runs only as a child of Distributed.AveragesGradientsAcrossTwoProcesses";
  torch::set_num_threads(1);
  facesr::ProcessGroupContext group(facesr::DistributedEnv::from_environment(), torch::kCPU, 30s);
  ASSERT_EQ(group.world_size(), 2);
  ASSERT_EQ(group.backend(), "gloo");
  auto net = make_net();
  if (group.rank() == 1) {
    // Diverge on purpose: broadcast must bring rank 0's values back.
    torch::NoGradGuard no_grad;
    for (auto& tensor : net->parameters()) tensor.add_(1.0);
    for (auto& tensor : net->buffers()) tensor.add_(3);
  }
  group.broadcast_parameters(*net);
  facesr::safetensors::NamedTensors out;
  for (const auto& item : net->named_parameters()) out.emplace_back("state." + item.key(), item.value().detach().clone());
  for (const auto& item : net->named_buffers()) out.emplace_back("state." + item.key(), item.value().clone());

  backward(net, group.rank());
  group.average_gradients(*net, /*bucket_bytes=*/512);  // several buckets for this net
  for (const auto& [name, grad] : gradients(net)) out.emplace_back("grad." + name, grad);
  // Rank 1 alone wants to stop: both learn it; nobody does: both go on.
  out.emplace_back("vote.one", torch::tensor({group.any_rank(group.rank() == 1) ? 1 : 0}));
  out.emplace_back("vote.none", torch::tensor({group.any_rank(false) ? 1 : 0}));
  facesr::safetensors::save(std::string(std::getenv(kOutDir)) + "/rank" + std::to_string(group.rank()) + ".safetensors",
                            out);
  group.barrier();
}

TEST(Distributed, AveragesGradientsAcrossTwoProcesses) {
  facesr::test::ScratchDir dir;
  const int port = free_port();
  ASSERT_GT(port, 0);
  std::vector<pid_t> workers = {spawn_worker(0, port, dir.path().string()), spawn_worker(1, port, dir.path().string())};
  ASSERT_GT(workers[0], 0);
  ASSERT_GT(workers[1], 0);

  std::vector<int> status(2, -1);
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  int running = 2;
  while (running > 0 && std::chrono::steady_clock::now() < deadline) {
    for (int r = 0; r < 2; ++r) {
      if (workers[r] > 0 && ::waitpid(workers[r], &status[r], WNOHANG) == workers[r]) {
        workers[r] = 0;
        --running;
      }
    }
    std::this_thread::sleep_for(50ms);
  }
  for (pid_t& pid : workers) {
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }
  ASSERT_EQ(running, 0) << "the 2 worker processes did not finish within 60 s and were killed";
  for (int r = 0; r < 2; ++r) {
    ASSERT_TRUE(WIFEXITED(status[r]) && WEXITSTATUS(status[r]) == 0) << "rank " << r << " failed (status " << status[r] << ")";
  }

  // Reference: one process, the same start, the two halves separately.
  auto net = make_net();
  std::map<std::string, torch::Tensor> initial;
  for (const auto& item : net->named_parameters()) initial["state." + item.key()] = item.value().detach().clone();
  for (const auto& item : net->named_buffers()) initial["state." + item.key()] = item.value().clone();
  backward(net, 0);
  const auto grads0 = gradients(net);
  net->zero_grad();
  backward(net, 1);
  const auto grads1 = gradients(net);

  const auto rank0 = facesr::safetensors::File::open(dir.file("rank0.safetensors")).tensors();
  const auto rank1 = facesr::safetensors::File::open(dir.file("rank1.safetensors")).tensors();
  ASSERT_EQ(rank0.size(), initial.size() + grads0.size() + 2);
  for (const auto* rank : {&rank0, &rank1}) {
    EXPECT_EQ(rank->at("vote.one").item<int>(), 1);
    EXPECT_EQ(rank->at("vote.none").item<int>(), 0);
  }
  for (const auto& [name, value] : initial) {
    EXPECT_TRUE(torch::equal(rank0.at(name), value)) << name;
    EXPECT_TRUE(torch::equal(rank1.at(name), value)) << name << " was not broadcast from rank 0";
  }
  bool halves_differ = false;  // else the check below would prove nothing
  for (const auto& [name, g0] : grads0) {
    const auto expected = (g0 + grads1.at(name)) / 2;
    halves_differ |= !torch::allclose(g0, expected);
    EXPECT_TRUE(torch::equal(rank0.at("grad." + name), rank1.at("grad." + name))) << name;
    EXPECT_LE((rank0.at("grad." + name) - expected).abs().max().item<double>(), 1e-6) << name;
  }
  EXPECT_TRUE(halves_differ);
}

TEST(Distributed, SingleProcessIsANoOp) {
  facesr::ProcessGroupContext group;
  EXPECT_FALSE(group.enabled());
  EXPECT_TRUE(group.is_main());
  EXPECT_EQ(group.world_size(), 1);
  EXPECT_EQ(group.backend(), "none");
  auto net = make_net();
  backward(net, 0);
  const auto before = gradients(net);
  group.broadcast_parameters(*net);
  group.average_gradients(*net);
  group.barrier();
  for (const auto& [name, grad] : gradients(net)) EXPECT_TRUE(torch::equal(grad, before.at(name))) << name;
}

TEST(Distributed, EnvironmentFollowsTorchrun) {
  ScopedEnv env;
  for (const char* name : {"RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT"}) env.set(name, std::nullopt);
  EXPECT_EQ(facesr::DistributedEnv::from_environment().world_size, 1);

  env.set("WORLD_SIZE", "4");
  env.set("RANK", "3");
  env.set("MASTER_ADDR", "10.0.0.1");
  env.set("MASTER_PORT", "29500");
  const auto parsed = facesr::DistributedEnv::from_environment();
  EXPECT_EQ(parsed.world_size, 4);
  EXPECT_EQ(parsed.rank, 3);
  EXPECT_EQ(parsed.local_rank, 3);  // LOCAL_RANK defaults to RANK
  EXPECT_EQ(parsed.master_addr, "10.0.0.1");
  EXPECT_EQ(parsed.master_port, 29500);

  env.set("RANK", "4");  // out of range
  EXPECT_THROW(facesr::DistributedEnv::from_environment(), facesr::Error);
  env.set("RANK", "1");
  env.set("MASTER_PORT", "http");
  EXPECT_THROW(facesr::DistributedEnv::from_environment(), facesr::Error);
  env.set("MASTER_PORT", "29500");
  env.set("MASTER_ADDR", std::nullopt);
  try {
    facesr::DistributedEnv::from_environment();
    ADD_FAILURE() << "a missing MASTER_ADDR must throw";
  } catch (const facesr::Error& error) {
    EXPECT_NE(std::string(error.what()).find("MASTER_ADDR"), std::string::npos) << error.what();
  }
  // An empty value is no value (`MASTER_ADDR= torchrun ...`), not an address to fail on at the rendezvous.
  env.set("MASTER_ADDR", "");
  try {
    facesr::DistributedEnv::from_environment();
    ADD_FAILURE() << "an empty MASTER_ADDR must throw";
  } catch (const facesr::Error& error) {
    EXPECT_NE(std::string(error.what()).find("MASTER_ADDR is not set"), std::string::npos) << error.what();
  }
}

TEST(Distributed, RendezvousTimeoutNamesTheMasterAndTheFix) {
  // Rank 1 of 2 with nobody serving the port: the connect retries time out.
  facesr::DistributedEnv env;
  env.rank = 1;
  env.world_size = 2;
  env.master_addr = "127.0.0.1";
  env.master_port = free_port();
  try {
    facesr::ProcessGroupContext group(env, torch::kCPU, 1s);
    ADD_FAILURE() << "the rendezvous must fail";
  } catch (const facesr::Error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("127.0.0.1:" + std::to_string(env.master_port)), std::string::npos) << message;
    EXPECT_NE(message.find("WORLD_SIZE processes"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    RecordProperty("message", message);
  }
}
