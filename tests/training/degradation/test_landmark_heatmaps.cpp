// DIC heatmap targets: peaks at the quartered points, values from the formula.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "core/error.h"
#include "landmarks/landmark_file.h"
#include "test_paths.h"
#include "training/degradation/landmark_heatmaps.h"

TEST(LandmarkHeatmaps, ValuesFollowTheGaussianOnTheQuarterGrid) {
  // (64, 64) -> (16, 16); (50, 70) -> (12.5, 17.5).
  const auto maps = facesr::landmark_heatmaps({{64.f, 64.f}, {50.f, 70.f}});
  ASSERT_EQ(maps.sizes(), (std::vector<int64_t>{2, 32, 32}));
  ASSERT_EQ(maps.scalar_type(), torch::kFloat32);
  const auto at = [&](int i, int y, int x) { return maps[i][y][x].item<double>(); };
  EXPECT_EQ(at(0, 16, 16), 1.0);
  EXPECT_NEAR(at(0, 16, 17), 0.60653066, 1e-7);  // d² = 1: exp(-1/2)
  EXPECT_NEAR(at(0, 18, 18), 0.01831564, 1e-7);  // d² = 8: exp(-8/2)
  EXPECT_NEAR(at(1, 17, 12), 0.77880078, 1e-7);  // d² = .25 + .25: exp(-1/4)
  EXPECT_NEAR(at(1, 19, 14), 0.10539922, 1e-7);  // d² = 2.25 + 2.25: exp(-9/4)
  EXPECT_LT(at(1, 0, 31), 1e-30);
}

TEST(LandmarkHeatmaps, PeaksSitAtEveryScaledPoint) {
  const auto dir = facesr::test::shared_dir() / "data/300w_train/helen";
  const auto points = facesr::read_landmark_file((dir / "100032540_1.txt").string());
  ASSERT_EQ(points.size(), 68u);
  const auto maps = facesr::landmark_heatmaps(points);
  ASSERT_EQ(maps.size(0), 68);
  for (int i = 0; i < 68; ++i) {
    const double u = points[i].x / 4.0, v = points[i].y / 4.0;
    if (u < 0 || v < 0 || u > 31 || v > 31) continue;  // peak off the grid
    const int64_t peak = maps[i].argmax().item<int64_t>();
    EXPECT_LE(std::abs(peak % 32 - u), 0.5) << i;
    EXPECT_LE(std::abs(peak / 32 - v), 0.5) << i;
  }
}

TEST(LandmarkHeatmaps, RefusesBadArguments) {
  EXPECT_THROW(facesr::landmark_heatmaps({}), facesr::Error);
  EXPECT_THROW(facesr::landmark_heatmaps({{1.f, 1.f}}, 130), facesr::Error);
}
