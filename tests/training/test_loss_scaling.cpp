// fp16 loss scaling in TrainedNetwork: a clean step equals the unscaled step,
// an overflowing gradient skips the step and halves the scale, clean steps
// grow it again, and a checkpoint carries the scale.
#include <gtest/gtest.h>

#include "training/trained_network.h"

using namespace facesr::training;

namespace {

torch::nn::Linear seeded_linear() {
  torch::manual_seed(0);
  return torch::nn::Linear(4, 2);
}

torch::Tensor loss_of(torch::nn::Linear& net, double factor) { return net->forward(torch::ones({3, 4})).sum() * factor; }

}  // namespace

TEST(LossScaling, ACleanStepEqualsTheUnscaledStep) {
  auto plain = seeded_linear(), scaled = seeded_linear();
  TrainedNetwork a("G", plain.ptr(), 1e-2, 0.9, 0.99), b("G", scaled.ptr(), 1e-2, 0.9, 0.99);
  b.enable_loss_scaling(1024.0, 2000);
  a.step(loss_of(plain, 1.0), 0);
  b.step(loss_of(scaled, 1.0), 0);
  EXPECT_TRUE(torch::allclose(plain->weight, scaled->weight, 1e-6, 1e-7));
  EXPECT_FALSE(torch::equal(scaled->weight, seeded_linear()->weight));
  EXPECT_EQ(b.loss_scale(), 1024.0);
}

TEST(LossScaling, AnOverflowSkipsTheStepAndHalvesTheScaleThenCleanStepsGrowIt) {
  auto net = seeded_linear();
  TrainedNetwork t("G", net.ptr(), 1e-2, 0.9, 0.99);
  t.enable_loss_scaling(65536.0, 2);
  const torch::Tensor before = net->weight.detach().clone();
  // The loss is finite (~1e34) but its scaled gradient (1e34 · 65536) overflows float32.
  const torch::Tensor loss = loss_of(net, 1e34);
  ASSERT_TRUE(loss.isfinite().item<bool>());
  t.step(loss, 0);
  EXPECT_TRUE(torch::equal(net->weight, before));
  EXPECT_EQ(t.loss_scale(), 32768.0);
  t.step(loss_of(net, 1.0), 0);
  EXPECT_EQ(t.loss_scale(), 32768.0);
  t.step(loss_of(net, 1.0), 0);
  EXPECT_EQ(t.loss_scale(), 65536.0);  // two clean steps in a row
  EXPECT_FALSE(torch::equal(net->weight, before));
}

TEST(LossScaling, TheScaleSurvivesACheckpoint) {
  auto net = seeded_linear();
  TrainedNetwork t("G", net.ptr(), 1e-2, 0.9, 0.99);
  t.enable_loss_scaling(65536.0, 2000);
  t.step(loss_of(net, 1e34), 0);
  facesr::safetensors::NamedTensors saved;
  t.append_state(saved);
  const std::map<std::string, torch::Tensor> state(saved.begin(), saved.end());

  auto other = seeded_linear();
  TrainedNetwork restored("G", other.ptr(), 1e-2, 0.9, 0.99);
  restored.enable_loss_scaling();
  restored.load_state(state, "ckpt.safetensors");
  EXPECT_EQ(restored.loss_scale(), 32768.0);
}
