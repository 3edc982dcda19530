#include "weights/fill_v1.h"

#include <cmath>

#include "weights/state_dict.h"

namespace facesr::fill {

uint64_t fnv1a64(const std::string& key) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char b : key) {
    h ^= b;
    h *= 0x100000001b3ULL;
  }
  return h;
}

uint64_t SplitMix64::next() {
  state_ += 0x9E3779B97F4A7C15ULL;
  uint64_t z = state_;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

int64_t numel_of(torch::IntArrayRef shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

}  // namespace

Role role_of(const std::string& key, torch::IntArrayRef shape) {
  if (ends_with(key, "num_batches_tracked")) return Role::ZeroInt64;
  if (ends_with(key, "running_var")) return Role::RunningVar;
  if (ends_with(key, "running_mean")) return Role::RunningMean;
  if (shape.size() >= 2 && numel_of(shape) / shape[0] > 1) return Role::Fan;
  if (ends_with(key, "bias")) return Role::Bias;
  return Role::Scale;
}

const char* role_name(Role role) {
  switch (role) {
    case Role::ZeroInt64: return "zero_int64";
    case Role::RunningVar: return "running_var";
    case Role::RunningMean: return "running_mean";
    case Role::Fan: return "fan";
    case Role::Bias: return "bias";
    case Role::Scale: return "scale";
  }
  return "?";
}

torch::Tensor parameter(const std::string& key, torch::IntArrayRef shape, uint64_t seed) {
  const Role role = role_of(key, shape);
  if (role == Role::ZeroInt64) return torch::zeros(shape, torch::kInt64);

  const int64_t n = numel_of(shape);
  torch::Tensor out = torch::empty(shape, torch::kFloat32);
  float* data = out.data_ptr<float>();
  SplitMix64 rng(fnv1a64(key) ^ seed);
  const double sqrt_fan = role == Role::Fan ? std::sqrt(static_cast<double>(n / shape[0])) : 1.0;
  for (int64_t j = 0; j < n; ++j) {
    const double u = rng.uniform();
    const double r = 2.0 * u - 1.0;
    double v = 0.0;
    switch (role) {
      case Role::RunningVar: v = 1.0 + 0.5 * u; break;
      case Role::RunningMean: v = 0.1 * r; break;
      case Role::Fan: v = r / sqrt_fan; break;
      case Role::Bias: v = 0.1 * r; break;
      case Role::Scale: v = 0.5 + 0.5 * u; break;
      case Role::ZeroInt64: break;
    }
    data[j] = static_cast<float>(v);
  }
  return out;
}

torch::Tensor input(const std::string& key, torch::IntArrayRef shape, uint64_t seed) {
  const int64_t n = numel_of(shape);
  torch::Tensor out = torch::empty(shape, torch::kFloat32);
  float* data = out.data_ptr<float>();
  SplitMix64 rng(fnv1a64(key) ^ seed);
  for (int64_t j = 0; j < n; ++j) data[j] = static_cast<float>(2.0 * rng.uniform() - 1.0);
  return out;
}

void fill_module(torch::nn::Module& module, uint64_t seed) {
  torch::NoGradGuard no_grad;
  for (auto& [key, tensor] : state_entries(module)) {
    tensor.copy_(parameter(key, tensor.sizes(), seed));
  }
}

}  // namespace facesr::fill
