// EIPNet's LCE and edge loss on tiny images with hand-computed values.
#include <gtest/gtest.h>

#include "core/error.h"
#include "training/losses/luminance_chrominance.h"

namespace losses = facesr::losses;

TEST(LuminanceChrominance, RgbToYuvMatchesTensorflowMatrix) {
  // Pixels: pure red, pure green, white (N=1, H=1, W=3).
  const auto rgb = torch::tensor({255.0, 0.0, 255.0, 0.0, 255.0, 255.0, 0.0, 0.0, 255.0}).view({1, 3, 1, 3});
  const auto yuv = losses::rgb_to_yuv(rgb);
  ASSERT_EQ(yuv.sizes(), rgb.sizes());
  const auto at = [&](int c, int x) { return yuv[0][c][0][x].item<double>(); };
  EXPECT_NEAR(at(0, 0), 76.245, 1e-3);       // 0.299 * 255
  EXPECT_NEAR(at(1, 0), -37.521003, 1e-3);   // -0.14714119 * 255
  EXPECT_NEAR(at(2, 0), 156.818722, 1e-3);   // 0.61497538 * 255
  EXPECT_NEAR(at(0, 1), 149.685, 1e-3);      // 0.587 * 255
  EXPECT_NEAR(at(1, 1), -73.661636, 1e-3);   // -0.28886916 * 255
  EXPECT_NEAR(at(2, 1), -131.316106, 1e-3);  // -0.51496512 * 255
  // White is pure luminance: U and V rows sum to zero.
  EXPECT_NEAR(at(0, 2), 255.0, 1e-3);
  EXPECT_NEAR(at(1, 2), 0.0, 1e-3);
  EXPECT_NEAR(at(2, 2), 0.0, 1e-3);
}

TEST(LuminanceChrominance, SumsRgbAndYuvMse) {
  // SR = HR + 6 on the red channel of 1 of 2 pixels: RGB MSE = 36/6 = 6;
  // the YUV difference is 6 * (0.299, -0.14714119, 0.61497538).
  const auto hr = torch::full({1, 3, 1, 2}, 100.0);
  auto sr = hr.clone();
  sr[0][0][0][1] += 6.0;
  const double yuv = 36.0 * (0.299 * 0.299 + 0.14714119 * 0.14714119 + 0.61497538 * 0.61497538) / 6.0;
  EXPECT_NEAR(losses::luminance_chrominance(sr, hr).item<double>(), 6.0 + yuv, 1e-4);
}

TEST(LuminanceChrominance, EdgeLossSumsScales) {
  const auto edges = std::vector<torch::Tensor>{torch::zeros({1, 1, 2, 2}), torch::full({1, 1, 4, 4}, 255.0)};
  auto canny = std::vector<torch::Tensor>{torch::zeros({1, 1, 2, 2}), torch::zeros({1, 1, 4, 4})};
  canny[0][0][0][0][0] = 255.0;  // one of 4 pixels off by 255
  EXPECT_NEAR(losses::eipnet_edge(edges, canny).item<double>(), 255.0 * 255.0 / 4 + 255.0 * 255.0, 1e-2);
  EXPECT_THROW(losses::eipnet_edge(edges, {canny[0]}), facesr::Error);
  EXPECT_THROW(losses::eipnet_edge({edges[0]}, {canny[1]}), facesr::Error);
}
