// Hourglass: ConvLayers registered on the owner under the official names, and
// the recursion up1 + up2 reproduced by hand from those children.
#include <gtest/gtest.h>

#include "core/error.h"
#include "models/layers/hourglass.h"
#include "weights/state_dict.h"

namespace {

using facesr::ConvLayerImpl;
using facesr::Hourglass;
using facesr::HourglassOptions;

struct OwnerImpl : torch::nn::Module {
  explicit OwnerImpl(const HourglassOptions& options) : hourglass(*this, options) {}
  Hourglass hourglass;
};
TORCH_MODULE(Owner);

torch::Tensor run(const std::shared_ptr<torch::nn::Module>& m, const torch::Tensor& x) {
  return m->as<ConvLayerImpl>()->forward(x);
}

}  // namespace

TEST(Hourglass, RegistersOfficialNamesOnTheOwner) {
  Owner owner(HourglassOptions(3, 8).relu(facesr::ReluType::PReLU));
  std::vector<std::string> children;
  for (const auto& c : owner->named_children()) children.push_back(c.key());
  EXPECT_EQ(children, (std::vector<std::string>{"b1_3", "b2_3", "b1_2", "b2_2", "b1_1", "b2_1", "b2_plus_1", "b3_1",
                                                "b3_2", "b3_3"}));
  // As CTCNet's att_func.b1_4.relu.func.weight: PReLU per channel, BN by default.
  const auto params = owner->named_parameters();
  EXPECT_EQ(params["b1_3.conv2d.weight"].sizes(), (std::vector<int64_t>{64, 8, 3, 3}));
  EXPECT_EQ(params["b2_3.conv2d.weight"].sizes(), (std::vector<int64_t>{64, 8, 3, 3}));
  EXPECT_EQ(params["b1_2.conv2d.weight"].sizes(), (std::vector<int64_t>{64, 64, 3, 3}));
  EXPECT_EQ(params["b3_3.relu.func.weight"].sizes(), (std::vector<int64_t>{64}));
  EXPECT_TRUE(owner->named_buffers().contains("b2_plus_1.norm.norm.running_var"));
}

TEST(Hourglass, ComputesUp1PlusUp2Recursively) {
  Owner owner(HourglassOptions(2, 3).mid_channels(4));
  owner->eval();
  torch::NoGradGuard no_grad;
  for (auto& [key, t] : facesr::state_entries(*owner)) {
    if (t.is_floating_point()) t.uniform_(0.5, 1.0);  // also keeps BN running_var positive
  }
  const auto x = torch::randn({2, 3, 8, 8});
  const auto c = owner->named_children();
  const auto low1 = run(c["b2_2"], x);
  const auto inner = run(c["b1_1"], low1) + run(c["b3_1"], run(c["b2_plus_1"], run(c["b2_1"], low1)));
  const auto expected = run(c["b1_2"], x) + run(c["b3_2"], inner);
  const auto out = owner->hourglass.forward(x);
  EXPECT_EQ(out.sizes(), (std::vector<int64_t>{2, 4, 8, 8}));
  EXPECT_TRUE(torch::allclose(out, expected));
}

TEST(Hourglass, OddSizesComeBackAtTheInputSize) {
  Owner owner(HourglassOptions(2, 3).mid_channels(4));
  owner->eval();
  EXPECT_EQ(owner->hourglass.forward(torch::randn({1, 3, 6, 6})).sizes(), (std::vector<int64_t>{1, 4, 6, 6}));
}

TEST(Hourglass, RejectsDepthZero) {
  EXPECT_THROW(Owner(HourglassOptions(0, 3)), facesr::Error);
}
