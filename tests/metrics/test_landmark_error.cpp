#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "metrics/landmark_error.h"

namespace {

std::vector<cv::Point2f> face_points() {
  std::vector<cv::Point2f> p;
  for (int i = 0; i < 68; ++i) p.emplace_back(10.f + i, 50.f + (i % 7));
  p[36] = {30.f, 40.f};  // outer eye corners 40 px apart
  p[45] = {70.f, 40.f};
  return p;
}

}  // namespace

TEST(LandmarkError, ZeroForIdenticalPoints) {
  EXPECT_DOUBLE_EQ(facesr::metrics::normalized_mean_error(face_points(), face_points()), 0.0);
}

TEST(LandmarkError, ShiftIsNormalisedByOuterEyeDistance) {
  auto moved = face_points();
  for (auto& p : moved) p += cv::Point2f(3.f, 4.f);  // 5 px everywhere
  EXPECT_NEAR(facesr::metrics::normalized_mean_error(moved, face_points()), 5.0 / 40.0, 1e-12);
  // Only one point off by 68 px: mean distance 1 px.
  auto one = face_points();
  one[10].x += 68.f;
  EXPECT_NEAR(facesr::metrics::normalized_mean_error(one, face_points()), 1.0 / 40.0, 1e-6);
}

TEST(LandmarkError, RejectsWrongCounts) {
  auto few = face_points();
  few.pop_back();
  EXPECT_THROW(facesr::metrics::normalized_mean_error(few, face_points()), facesr::Error);
}
