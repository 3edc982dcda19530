// The EMA copy starts equal to the generator, then moves each floating-point
// entry (parameters and buffers) by (1 − decay) towards it, copies integer
// buffers, and survives a checkpoint round trip.
#include <gtest/gtest.h>

#include "core/error.h"
#include "models/registry.h"
#include "training/ema_weights.h"
#include "weights/state_dict.h"

using namespace facesr;
using namespace facesr::training;

namespace {

std::shared_ptr<SRNetwork> tiny_sparnet() {
  return find_model("sparnet").make(nlohmann::json{{"min_ch", 4}, {"max_ch", 8}, {"res_depth", 1}});
}

std::map<std::string, torch::Tensor> snapshot(const torch::nn::Module& m) {
  std::map<std::string, torch::Tensor> out;
  for (const auto& [k, t] : state_entries(m)) out[k] = t.detach().clone();
  return out;
}

}  // namespace

TEST(EmaWeights, StartsEqualAndFollowsWithTheDecay) {
  torch::manual_seed(0);
  auto generator = tiny_sparnet();
  EmaWeights ema(tiny_sparnet(), *generator, 0.9);
  const auto start = snapshot(*generator);
  for (const auto& [k, t] : state_entries(ema.network())) EXPECT_TRUE(torch::equal(t, start.at(k))) << k;

  // Change every entry of the generator, BatchNorm's counters included.
  {
    torch::NoGradGuard no_grad;
    for (auto& [k, t] : state_entries(*generator)) {
      if (t.is_floating_point()) t.add_(torch::randn_like(t));
      else t.add_(5);
    }
  }
  const auto moved = snapshot(*generator);
  ema.update(*generator);
  int floats = 0, integers = 0;
  for (const auto& [k, t] : state_entries(ema.network())) {
    if (t.is_floating_point()) {
      ++floats;
      EXPECT_TRUE(torch::allclose(t, 0.9 * start.at(k) + 0.1 * moved.at(k), 1e-6, 1e-6)) << k;
    } else {
      ++integers;
      EXPECT_TRUE(torch::equal(t, moved.at(k))) << k;
    }
  }
  EXPECT_GT(floats, 10);
  EXPECT_GT(integers, 0);  // BatchNorm's num_batches_tracked
  for (const auto& p : ema.network().parameters()) EXPECT_FALSE(p.requires_grad());
}

TEST(EmaWeights, CheckpointRoundTripRestoresTheAverage) {
  torch::manual_seed(0);
  auto generator = tiny_sparnet();
  EmaWeights ema(tiny_sparnet(), *generator, 0.5);
  {
    torch::NoGradGuard no_grad;
    for (auto& p : generator->parameters()) p.add_(1);
  }
  ema.update(*generator);
  safetensors::NamedTensors saved;
  ema.append_state(saved);
  std::map<std::string, torch::Tensor> state(saved.begin(), saved.end());

  EmaWeights restored(tiny_sparnet(), *tiny_sparnet(), 0.5);
  restored.load_state(state, "ckpt.safetensors");
  const auto expected = snapshot(ema.network());
  for (const auto& [k, t] : state_entries(restored.network())) EXPECT_TRUE(torch::equal(t, expected.at(k))) << k;
  EXPECT_THROW(restored.load_state({}, "ckpt.safetensors"), Error);
}
