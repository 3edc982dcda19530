// Widening a trained network: the wider one computes what the narrow one did,
// so a training leg that adds channels starts from the old quality.
#include <gtest/gtest.h>

#include "core/error.h"
#include "models/registry.h"
#include "weights/state_dict.h"
#include "weights/widen_state.h"

namespace {

std::map<std::string, torch::Tensor> state_map(const torch::nn::Module& m) {
  std::map<std::string, torch::Tensor> out;
  for (const auto& [key, t] : facesr::state_entries(m)) out.emplace(key, t.detach().clone());
  return out;
}

// A trained-looking state: random weights and norm statistics, not the init.
void randomise(torch::nn::Module& m) {
  torch::NoGradGuard no_grad;
  for (auto& [key, t] : facesr::state_entries(m)) {
    if (!t.is_floating_point()) continue;
    if (key.find("running_var") != std::string::npos) t.uniform_(0.5, 2.0);
    else t.normal_(0.0, 0.2);
  }
}

}  // namespace

TEST(WidenState, WiderSparnetComputesWhatTheNarrowOneDid) {
  torch::manual_seed(7);
  const auto& spec = facesr::find_model("sparnet-restore");
  const auto narrow = spec.make({{"min_ch", 8}, {"max_ch", 32}, {"res_depth", 1}, {"hg_ch", 8}});
  const auto wide = spec.make({{"min_ch", 16}, {"max_ch", 32}, {"res_depth", 1}, {"hg_ch", 8}});
  randomise(*narrow);
  randomise(*wide);  // the new channels hold anything; they must not matter
  const auto state = facesr::widen_state(facesr::state_entries(*wide), state_map(*narrow));
  EXPECT_EQ(state.at("encoder.0.conv2d.weight").sizes(), torch::IntArrayRef({16, 3, 3, 3}));
  facesr::load_state(*wide, state, "narrow.safetensors");

  torch::NoGradGuard no_grad;
  const torch::Tensor x = torch::rand({2, 3, 128, 128}) * 2 - 1;
  for (const bool training : {false, true}) {  // running statistics, then batch statistics
    narrow->train(training);
    wide->train(training);
    const torch::Tensor a = narrow->forward(x), b = wide->forward(x);
    EXPECT_TRUE(torch::allclose(a, b, 1e-4, 1e-4)) << "training " << training << ": max difference "
                                                    << (a - b).abs().max().item<float>();
  }
  // The new channels are there and not silent: training can use them.
  EXPECT_GT(wide->named_parameters()["encoder.0.conv2d.weight"].narrow(0, 8, 8).abs().sum().item<float>(), 0.f);
}

TEST(WidenState, WhatDoesNotFitStaysAnError) {
  const auto& spec = facesr::find_model("sparnet-restore");
  const auto small = spec.make({{"min_ch", 8}, {"max_ch", 16}, {"res_depth", 1}, {"hg_ch", 8}});
  const auto big = spec.make({{"min_ch", 16}, {"max_ch", 32}, {"res_depth", 1}, {"hg_ch", 8}});
  // A file wider than the model is not shrunk.
  auto state = facesr::widen_state(facesr::state_entries(*small), state_map(*big));
  EXPECT_EQ(state.at("encoder.0.conv2d.weight").sizes(), torch::IntArrayRef({16, 3, 3, 3}));
  EXPECT_THROW(facesr::load_state(*small, state, "big.safetensors"), facesr::Error);
  // A kernel of another size is not a narrower layer.
  std::map<std::string, torch::Tensor> odd{{"encoder.0.conv2d.weight", torch::zeros({8, 3, 5, 5})}};
  EXPECT_EQ(facesr::widen_state(facesr::state_entries(*big), odd).at("encoder.0.conv2d.weight").sizes(),
            torch::IntArrayRef({8, 3, 5, 5}));
}
