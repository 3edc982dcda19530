// Helpers for the parity fixtures of ../shared/fixtures (README §3): load a
// fixture, fill a model with fill-v1 under official keys, and compare outputs
// with the fixture's own tolerances.
#pragma once

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace facesr::test {

struct Tolerance {
  double atol = 0;
  double rtol = 0;
};

// One model fixture: <name>.json, <name>.safetensors and, when present,
// <name>.f64.safetensors and <name>.blocks.safetensors.
struct Fixture {
  std::string name;
  nlohmann::json sidecar;
  uint64_t seed = 0;
  std::map<std::string, torch::Tensor> f32;
  std::map<std::string, torch::Tensor> f64;
  std::map<std::string, torch::Tensor> blocks;

  static Fixture load(const std::string& name);

  // tolerance[<output>] (float32) or tolerance_float64[<output>].
  Tolerance tolerance(const std::string& output, bool float64) const;
  // blocks[<path>].tolerance / tolerance_float64.
  Tolerance block_tolerance(const std::string& path, bool float64) const;
};

// |actual - expected| <= atol + rtol * |expected| everywhere (shapes must match).
// The failure message gives the worst element and the ratio to the bound.
::testing::AssertionResult all_close(const torch::Tensor& actual, const torch::Tensor& expected, Tolerance tol);

// Compares every state entry of `module` with <fixture>.weights.json: same key
// set, shapes, fill role, first value and float64 sums (rel 1e-12). Call after
// fill::fill_module(module, fixture.seed).
void expect_state_matches_weights_json(const torch::nn::Module& module, const std::string& fixture_name);

// Largest |got − want| relative to the largest |want|, in double: how the
// oneDNN-path tests bound a result against its LibTorch one.
double relative_error(const torch::Tensor& got, const torch::Tensor& want);

}  // namespace facesr::test
