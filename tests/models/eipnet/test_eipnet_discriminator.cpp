// EIPNet's discriminator: the layer table of eipnet.md §3 (TF scope names,
// shapes, the 64,149,889 parameters computed there), the VALID stride-2
// convs that leave a 15×15×512 map for the dense layer, and one logit per face.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/error.h"
#include "models/eipnet/discriminator.h"
#include "weights/state_dict.h"

namespace facesr::test {
namespace {

using eipnet::EipnetDiscriminator;

TEST(EipnetDiscriminator, LayerTableMatchesTheSpec) {
  EipnetDiscriminator d;
  std::map<std::string, std::vector<int64_t>> shapes;
  int64_t count = 0;
  for (const auto& [key, t] : state_entries(*d)) {
    shapes[key] = t.sizes().vec();
    count += t.numel();
  }
  EXPECT_EQ(count, 64149889);
  EXPECT_EQ(shapes.size(), 18u);  // 7 convs and 2 dense layers, weight and bias each
  EXPECT_EQ(shapes.at("di_conv1_1.weight"), (std::vector<int64_t>{128, 3, 3, 3}));
  EXPECT_EQ(shapes.at("di_conv3_2.weight"), (std::vector<int64_t>{512, 256, 3, 3}));
  EXPECT_EQ(shapes.at("di_conv4_1.bias"), (std::vector<int64_t>{512}));
  // 15·15·512 inputs: three VALID stride-2 convs take 128 to 63, 31 and 15.
  EXPECT_EQ(shapes.at("dense.weight"), (std::vector<int64_t>{512, 15 * 15 * 512}));
  EXPECT_EQ(shapes.at("dense_1.weight"), (std::vector<int64_t>{1, 512}));
}

TEST(EipnetDiscriminator, ScoresEachFaceWithOneLogitAndRefusesOtherSizes) {
  torch::manual_seed(0);
  EipnetDiscriminator d;
  torch::NoGradGuard no_grad;
  const torch::Tensor faces = torch::rand({2, 3, 128, 128}) * 255;
  const torch::Tensor logits = d->forward(faces);
  EXPECT_EQ(logits.sizes(), torch::IntArrayRef({2, 1}));
  // Each face is scored on its own.
  EXPECT_TRUE(torch::allclose(logits[1], d->forward(faces.slice(0, 1, 2))[0], 1e-5, 1e-5));
  EXPECT_THROW(d->forward(torch::rand({1, 3, 64, 64})), Error);
}

}  // namespace
}  // namespace facesr::test
