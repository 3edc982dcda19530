#include <gtest/gtest.h>

#include "training/lr_schedule.h"

namespace facesr::training {
namespace {

TEST(LrSchedule, ConstantNeverChanges) {
  Recipe r;
  EXPECT_DOUBLE_EQ(lr_scale(r, 0), 1.0);
  EXPECT_DOUBLE_EQ(lr_scale(r, 1000000), 1.0);
}

TEST(LrSchedule, MultiStepHalvesAtEachMilestone) {
  Recipe r;  // DIC: milestones 10k, 20k, 40k, 80k, gamma 0.5, stepped per iteration
  r.schedule = "multistep";
  r.milestones = {10000, 20000, 40000, 80000};
  r.gamma = 0.5;
  EXPECT_DOUBLE_EQ(lr_scale(r, 9999), 1.0);
  EXPECT_DOUBLE_EQ(lr_scale(r, 10000), 0.5);
  EXPECT_DOUBLE_EQ(lr_scale(r, 39999), 0.25);
  EXPECT_DOUBLE_EQ(lr_scale(r, 150000), 0.0625);
}

TEST(LrSchedule, CosineFollowsTheClosedFormPastItsPeriod) {
  Recipe r;  // SCGAN: lr 1e-4, eta_min 1e-5, T_max 10
  r.schedule = "cosine";
  r.lr = 1e-4;
  r.eta_min = 1e-5;
  r.cosine_period = 10;
  EXPECT_NEAR(r.lr * lr_scale(r, 0), 1e-4, 1e-18);
  EXPECT_NEAR(r.lr * lr_scale(r, 5), 5.5e-5, 1e-18);
  EXPECT_NEAR(r.lr * lr_scale(r, 10), 1e-5, 1e-18);
  EXPECT_NEAR(r.lr * lr_scale(r, 20), 1e-4, 1e-18);  // oscillates with period 2·T_max
}

TEST(LrSchedule, PerEpochSchedulesHoldTheLrWithinAnEpoch) {
  Recipe r;  // SCGAN steps its cosine once per epoch
  r.schedule = "cosine";
  r.lr = 1e-4;
  r.eta_min = 1e-5;
  r.cosine_period = 10;
  r.schedule_per_epoch = true;
  const int64_t per_epoch = 7;
  EXPECT_DOUBLE_EQ(lr_scale(r, 6, per_epoch), 1.0);                       // still epoch 0
  EXPECT_NEAR(r.lr * lr_scale(r, 5 * per_epoch, per_epoch), 5.5e-5, 1e-18);  // epoch 5
  EXPECT_NEAR(r.lr * lr_scale(r, 10 * per_epoch + 6, per_epoch), 1e-5, 1e-18);
  r.schedule = "multistep";
  r.milestones = {2};
  r.gamma = 0.5;
  EXPECT_DOUBLE_EQ(lr_scale(r, 2 * per_epoch - 1, per_epoch), 1.0);
  EXPECT_DOUBLE_EQ(lr_scale(r, 2 * per_epoch, per_epoch), 0.5);
}

}  // namespace
}  // namespace facesr::training
