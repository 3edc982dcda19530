// Strict loading by official key names: a checkpoint loads only when every
// key and shape fits, and the error says which do not.
#include <gtest/gtest.h>

#include <limits>

#include "core/error.h"
#include "io/safetensors.h"
#include "models/registry.h"
#include "test_paths.h"
#include "weights/fill_v1.h"
#include "weights/state_dict.h"

namespace {

struct TinyImpl : torch::nn::Module {
  TinyImpl() {
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 4, 3)));
    norm = register_module("norm", torch::nn::BatchNorm2d(4));
  }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d norm{nullptr};
};
TORCH_MODULE(Tiny);

std::string load_error(torch::nn::Module& m, const std::map<std::string, torch::Tensor>& state) {
  try {
    facesr::load_state(m, state, "ckpt.safetensors");
  } catch (const facesr::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(StateDict, KeysFollowPyTorchNaming) {
  Tiny tiny;
  std::vector<std::string> keys;
  for (const auto& [k, v] : facesr::state_entries(*tiny)) keys.push_back(k);
  const std::vector<std::string> expected = {"conv.weight", "conv.bias", "norm.weight", "norm.bias",
                                             "norm.running_mean", "norm.running_var", "norm.num_batches_tracked"};
  EXPECT_EQ(keys, expected);
}

TEST(StateDict, FillModuleUsesKeyNames) {
  Tiny tiny;
  facesr::fill::fill_module(*tiny, 5);
  EXPECT_TRUE(torch::equal(tiny->conv->weight, facesr::fill::parameter("conv.weight", {4, 3, 3, 3}, 5)));
  EXPECT_TRUE(torch::equal(tiny->norm->running_var, facesr::fill::parameter("norm.running_var", {4}, 5)));
  EXPECT_EQ(tiny->norm->num_batches_tracked.item<int64_t>(), 0);
}

TEST(StateDict, SaveThenLoadRestoresEveryEntry) {
  facesr::test::ScratchDir dir;
  Tiny a, b;
  facesr::fill::fill_module(*a, 1);
  facesr::fill::fill_module(*b, 2);
  facesr::save_weights(*a, dir.file("a.safetensors"), {{"arch", "Tiny"}});
  facesr::load_weights(*b, dir.file("a.safetensors"));
  const auto ea = facesr::state_entries(*a);
  const auto eb = facesr::state_entries(*b);
  for (size_t i = 0; i < ea.size(); ++i) EXPECT_TRUE(torch::equal(ea[i].second, eb[i].second)) << ea[i].first;
}

TEST(StateDict, ReportsMissingUnexpectedAndMisshapedKeys) {
  Tiny tiny;
  std::map<std::string, torch::Tensor> state;
  for (const auto& [k, v] : facesr::state_entries(*tiny)) state[k] = v.clone();
  const auto before = tiny->conv->weight.clone();

  state.erase("norm.running_var");
  state["module.extra"] = torch::zeros({1});
  state["conv.bias"] = torch::zeros({5});
  const std::string msg = load_error(*tiny, state);
  EXPECT_NE(msg.find("ckpt.safetensors"), std::string::npos);
  EXPECT_NE(msg.find("1 missing keys (norm.running_var)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("1 unexpected keys (module.extra)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("conv.bias (file [5] vs model [4])"), std::string::npos) << msg;
  // Nothing is half-loaded when the check fails.
  EXPECT_TRUE(torch::equal(before, tiny->conv->weight));
}

TEST(StateDict, RefusesIntegerAndNonFiniteWeights) {
  Tiny tiny;
  std::map<std::string, torch::Tensor> state;
  for (const auto& [k, v] : facesr::state_entries(*tiny)) state[k] = v.clone();
  const auto before = tiny->conv->weight.clone();

  auto integers = state;
  integers["conv.weight"] = torch::ones_like(before, torch::kInt32);
  const std::string mistyped = load_error(*tiny, integers);
  EXPECT_NE(mistyped.find("1 not floating point (conv.weight (file Int vs model Float))"), std::string::npos)
      << mistyped;

  auto nan = state;
  nan["conv.bias"][1] = std::numeric_limits<float>::quiet_NaN();
  const std::string damaged = load_error(*tiny, nan);
  EXPECT_NE(damaged.find("ckpt.safetensors: 1 tensors hold NaN or infinite values (conv.bias)"), std::string::npos)
      << damaged;
  EXPECT_TRUE(torch::equal(before, tiny->conv->weight));  // nothing half-loaded
}

TEST(StateDict, LoadsIntoDoublePrecisionModel) {
  Tiny tiny;
  tiny->to(torch::kFloat64);
  std::map<std::string, torch::Tensor> state;
  for (const auto& [k, v] : facesr::state_entries(*tiny))
    state[k] = facesr::fill::parameter(k, v.sizes(), 3);
  facesr::load_state(*tiny, state, "mem");
  EXPECT_EQ(tiny->conv->weight.scalar_type(), torch::kFloat64);
  EXPECT_TRUE(torch::equal(tiny->conv->weight, state["conv.weight"].to(torch::kFloat64)));
}

TEST(StateDict, AGrownNetworkTakesTheSmallerOnesWeightsAndKeepsItsNewBlocks) {
  const auto& spec = facesr::find_model("sparnet");
  const auto small = spec.make({{"min_ch", 8}, {"max_ch", 32}, {"res_depth", 2}, {"hg_ch", 8}});
  const auto deeper = spec.make({{"min_ch", 8}, {"max_ch", 32}, {"res_depth", 4}, {"hg_ch", 8}});
  std::map<std::string, torch::Tensor> state;
  for (const auto& [key, t] : facesr::state_entries(*small)) state[key] = t;
  EXPECT_THROW(facesr::load_state(*deeper, state, "small"), facesr::Error);
  const auto before = deeper->named_parameters()["res_layers.3.conv1.conv2d.weight"].clone();
  const size_t kept = facesr::load_state(*deeper, state, "small", facesr::MissingKeys::KeepInitialised);
  EXPECT_GT(kept, 0u);
  EXPECT_TRUE(torch::equal(deeper->named_parameters()["res_layers.3.conv1.conv2d.weight"], before));
  EXPECT_TRUE(torch::equal(deeper->named_parameters()["encoder.0.conv2d.weight"], state.at("encoder.0.conv2d.weight")));
  EXPECT_TRUE(torch::equal(deeper->named_parameters()["res_layers.1.conv1.conv2d.weight"],
                           state.at("res_layers.1.conv1.conv2d.weight")));
  // Growing never excuses a key of the wrong shape or one the network lacks.
  const auto wider = spec.make({{"min_ch", 8}, {"max_ch", 64}, {"res_depth", 4}, {"hg_ch", 8}});
  EXPECT_THROW(facesr::load_state(*wider, state, "small", facesr::MissingKeys::KeepInitialised), facesr::Error);
  state["not.a.key"] = torch::zeros({1});
  EXPECT_THROW(facesr::load_state(*deeper, state, "small", facesr::MissingKeys::KeepInitialised), facesr::Error);
}
