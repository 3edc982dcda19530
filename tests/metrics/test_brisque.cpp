#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "io/image.h"
#include "metrics/brisque.h"
#include "test_paths.h"

TEST(Brisque, BlurScoresWorseThanTheSharpFace) {
  for (int i = 0; i < 3; ++i) {
    const cv::Mat sharp = facesr::read_rgb8(facesr::test::fixture("images/hr_0" + std::to_string(i) + ".png").string());
    cv::Mat blurred;
    cv::GaussianBlur(sharp, blurred, {0, 0}, 3.0);
    EXPECT_LT(facesr::metrics::brisque(sharp), facesr::metrics::brisque(blurred)) << i;
  }
}
