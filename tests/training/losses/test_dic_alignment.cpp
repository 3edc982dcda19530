// DIC's alignment loss: a sum of per-step MSEs that reaches every step.
#include <gtest/gtest.h>

#include "core/error.h"
#include "training/losses/dic_alignment.h"

TEST(DicAlignment, SumsPerStepMse) {
  const auto target = torch::zeros({1, 2, 2, 2});
  auto step0 = torch::ones({1, 2, 2, 2}).requires_grad_();
  auto step1 = torch::full({1, 2, 2, 2}, 3.0).requires_grad_();
  // Shift one element of step 0 to 3: MSE0 = (7*1 + 9)/8 = 2; MSE1 = 9.
  const auto shifted = step0 + torch::zeros({1, 2, 2, 2}).index_put_({0, 0, 0, 0}, 2.0);
  const auto loss = facesr::losses::dic_alignment({shifted, step1}, target);
  EXPECT_NEAR(loss.item<double>(), 11.0, 1e-6);
  loss.backward();
  // d/dx mean (x - t)^2 = 2 (x - t) / 8.
  EXPECT_NEAR(step1.grad()[0][1][1][1].item<double>(), 0.75, 1e-6);
  EXPECT_NEAR(step0.grad()[0][0][0][0].item<double>(), 0.75, 1e-6);
  EXPECT_NEAR(step0.grad()[0][1][0][0].item<double>(), 0.25, 1e-6);
}

TEST(DicAlignment, RefusesShapeMismatchAndNoSteps) {
  EXPECT_THROW(facesr::losses::dic_alignment({torch::zeros({1, 68, 32, 32})}, torch::zeros({1, 68, 16, 16})),
               facesr::Error);
  EXPECT_THROW(facesr::losses::dic_alignment({}, torch::zeros({1})), facesr::Error);
}
