// Adversarial losses against values worked out by hand on tiny logits.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "training/losses/gan_loss.h"

namespace losses = facesr::losses;

namespace {

const torch::Tensor kReal = torch::tensor({2.0, 0.5, -1.0});
const torch::Tensor kFake = torch::tensor({-2.0, 0.0, 0.5});

facesr::sparnet::DiscriminatorOutput scores(const torch::Tensor& score) { return {score, {}}; }

}  // namespace

TEST(GanLoss, HingeDiscriminator) {
  // relu(1 - real) = {0, .5, 2}, relu(1 + fake) = {0, 1, 1.5}: 2.5/3 each.
  EXPECT_NEAR(losses::hinge_discriminator(kReal, kFake).item<double>(), 5.0 / 3.0, 1e-6);
}

TEST(GanLoss, HingeGenerator) {
  const auto fake = kFake.clone().requires_grad_();
  const auto loss = losses::hinge_generator(fake);
  EXPECT_NEAR(loss.item<double>(), 0.5, 1e-6);
  loss.backward();
  EXPECT_TRUE(torch::allclose(fake.grad(), torch::full({3}, -1.0 / 3.0, torch::kFloat32)));
}

TEST(GanLoss, VanillaDiscriminator) {
  // BCE(x, 1) = log(1 + e^-x), BCE(x, 0) = log(1 + e^x): {ln 2, ln 4/3} on each side.
  const auto real = torch::tensor({0.0, std::log(3.0)});
  const auto fake = torch::tensor({0.0, -std::log(3.0)});
  EXPECT_NEAR(losses::vanilla_discriminator(real, fake).item<double>(), std::log(8.0 / 3.0), 1e-6);
}

TEST(GanLoss, VanillaGenerator) {
  // BCE(0, 1) = ln 2, BCE(-ln 3, 1) = ln 4.
  const auto fake = torch::tensor({0.0, -std::log(3.0)});
  EXPECT_NEAR(losses::vanilla_generator(fake).item<double>(), 1.5 * std::log(2.0), 1e-6);
}

TEST(GanLoss, MultiscaleHingeHalvesDiscriminatorAndAveragesScales) {
  // Scale 0 as above (5/3); scale 1: relu(1 - 3) = 0, relu(1 + 1) = 2, so 2.
  const std::vector<facesr::sparnet::DiscriminatorOutput> real = {scores(kReal), scores(torch::tensor({3.0}))};
  const std::vector<facesr::sparnet::DiscriminatorOutput> fake = {scores(kFake), scores(torch::tensor({1.0}))};
  EXPECT_NEAR(losses::multiscale_hinge_discriminator(real, fake).item<double>(), 0.5 * (5.0 / 3.0 + 2.0) / 2, 1e-6);
  // -mean: 0.5 and -1.
  EXPECT_NEAR(losses::multiscale_hinge_generator(fake).item<double>(), (0.5 - 1.0) / 2, 1e-6);
}

TEST(GanLoss, MultiscaleRefusesMismatchedScales) {
  const std::vector<facesr::sparnet::DiscriminatorOutput> one = {scores(kReal)};
  const std::vector<facesr::sparnet::DiscriminatorOutput> two = {scores(kReal), scores(kFake)};
  EXPECT_THROW(losses::multiscale_hinge_discriminator(one, two), facesr::Error);
  EXPECT_THROW(losses::multiscale_hinge_generator({}), facesr::Error);
}
