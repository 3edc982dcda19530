// fill-v1: the deterministic weight/input generator of the parity fixtures
// (../shared/fixtures/README.md §1). Every tensor is regenerated from its
// official state_dict key, so fixtures need not store weights.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>

namespace facesr::fill {

// 64-bit FNV-1a hash of the key's UTF-8 bytes.
uint64_t fnv1a64(const std::string& key);

// splitmix64 generator; next() advances the state and returns one draw.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t state) : state_(state) {}
  uint64_t next();
  // u in [0,1): the top 53 bits of a draw, exact in double.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  uint64_t state_;
};

// Which fill rule applies to a state_dict entry (README §1, "Value by role").
enum class Role { ZeroInt64, RunningVar, RunningMean, Fan, Bias, Scale };
Role role_of(const std::string& key, torch::IntArrayRef shape);
const char* role_name(Role role);

// The fill-v1 value of state_dict entry `key` with `shape` (float32, or int64
// for num_batches_tracked), computed in double and rounded to float32.
torch::Tensor parameter(const std::string& key, torch::IntArrayRef shape, uint64_t seed);

// A model input: always r_j in [-1,1), one stream over the whole batch.
torch::Tensor input(const std::string& key, torch::IntArrayRef shape, uint64_t seed);

// Overwrite every parameter and buffer of `module` by its fill-v1 value.
// Keys are the module's own names, which equal the official state_dict keys.
void fill_module(torch::nn::Module& module, uint64_t seed);

}  // namespace facesr::fill
