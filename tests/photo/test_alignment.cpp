// The similarity fit and the aligned crop.
#include <gtest/gtest.h>

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "photo/alignment.h"
#include "photo/face_template.h"

using namespace facesr;

namespace {

cv::Point2f apply(const cv::Matx23d& m, cv::Point2f p) {
  return {static_cast<float>(m(0, 0) * p.x + m(0, 1) * p.y + m(0, 2)),
          static_cast<float>(m(1, 0) * p.x + m(1, 1) * p.y + m(1, 2))};
}

}  // namespace

TEST(Alignment, RecoversAnExactSimilarity) {
  const double angle = 0.3, scale = 0.45;
  const cv::Matx23d truth(scale * std::cos(angle), -scale * std::sin(angle), 17.0,
                          scale * std::sin(angle), scale * std::cos(angle), -9.0);
  const FivePoints target = face_template(128, Framing::UtkFace);
  cv::Matx23d inverse;
  cv::invertAffineTransform(truth, inverse);
  FivePoints source;
  for (size_t i = 0; i < source.size(); ++i) source[i] = apply(inverse, target[i]);
  const cv::Matx23d fit = similarity_transform(source, target);
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(fit(r, c), truth(r, c), 1e-4) << r << "," << c;
}

TEST(Alignment, NeverReflectsAndMinimisesTheSquaredError) {
  // A mirrored face still gets a rotation: the fit's determinant stays positive.
  const FivePoints target = face_template(128, Framing::UtkFace);
  FivePoints mirrored = target;
  for (cv::Point2f& p : mirrored) p.x = 200 - p.x;
  const cv::Matx23d fit = similarity_transform(mirrored, target);
  EXPECT_GT(fit(0, 0) * fit(1, 1) - fit(0, 1) * fit(1, 0), 0);

  // Least squares: nudging any parameter of a noisy fit raises the error.
  FivePoints noisy = target;
  const float jitter[5][2] = {{1.5f, -0.5f}, {-1.f, 0.8f}, {0.3f, 2.f}, {-2.f, -1.f}, {1.f, 0.4f}};
  for (size_t i = 0; i < noisy.size(); ++i) noisy[i] += cv::Point2f(jitter[i][0], jitter[i][1]);
  const cv::Matx23d best = similarity_transform(noisy, target);
  const auto error = [&](const cv::Matx23d& m) {
    double e = 0;
    for (size_t i = 0; i < noisy.size(); ++i) e += std::pow(cv::norm(apply(m, noisy[i]) - target[i]), 2);
    return e;
  };
  const double a = best(0, 0), b = best(1, 0);
  for (const double d : {-1e-3, 1e-3}) {
    EXPECT_GT(error({a + d, -b, best(0, 2), b, a + d, best(1, 2)}), error(best));
    EXPECT_GT(error({a, -(b + d), best(0, 2), b + d, a, best(1, 2)}), error(best));
    EXPECT_GT(error({a, -b, best(0, 2) + d * 100, b, a, best(1, 2)}), error(best));
  }
}

TEST(Alignment, CropShowsThePhotoThroughTheTransform) {
  cv::Mat photo(90, 120, CV_8UC3);
  for (int y = 0; y < photo.rows; ++y)
    for (int x = 0; x < photo.cols; ++x) photo.at<cv::Vec3b>(y, x) = cv::Vec3b(2 * x, 2 * y, 100);
  // Enlarge 2x about (30, 20): a smooth ramp is reproduced where the cubic warp is exact.
  const cv::Matx23d to_crop(2, 0, -60, 0, 2, -40);
  const cv::Mat crop = warp_to_crop(photo, to_crop, 64);
  ASSERT_EQ(crop.size(), cv::Size(64, 64));
  for (const cv::Point uv : {cv::Point(10, 10), cv::Point(40, 22), cv::Point(60, 50)}) {
    const double x = (uv.x + 60) / 2.0, y = (uv.y + 40) / 2.0;
    EXPECT_NEAR(crop.at<cv::Vec3b>(uv)[0], 2 * x, 1.0) << uv;
    EXPECT_NEAR(crop.at<cv::Vec3b>(uv)[1], 2 * y, 1.0) << uv;
  }
}

TEST(Alignment, ShrinkingCropsAreAntialiased) {
  // A one-pixel checkerboard shrunk 5x must come out as flat gray, not aliased stripes.
  cv::Mat photo(400, 400, CV_8UC3);
  for (int y = 0; y < photo.rows; ++y)
    for (int x = 0; x < photo.cols; ++x) photo.at<cv::Vec3b>(y, x) = cv::Vec3b::all((x + y) % 2 ? 255 : 0);
  const cv::Mat crop = warp_to_crop(photo, cv::Matx23d(0.2, 0, 0, 0, 0.2, 0), 64);
  cv::Scalar mean, stddev;
  cv::meanStdDev(crop, mean, stddev);
  EXPECT_NEAR(mean[0], 127.5, 3);
  EXPECT_LT(stddev[0], 3);
}
