// Pasting restored faces back: only the face's square changes, the seam is
// feathered, and the geometry matches the upscaled canvas.
#include <gtest/gtest.h>

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "photo/paste_back.h"
#include "photo/restored_photo.h"

using namespace facesr;

namespace {

// Canvas pixels inside the warped crop square, grown by `grow` pixels.
cv::Mat square_footprint(int crop, const cv::Matx23d& to_canvas, cv::Size canvas, int grow) {
  std::vector<cv::Point> quad;
  for (const cv::Point2d uv : {cv::Point2d(-0.5, -0.5), cv::Point2d(crop - 0.5, -0.5), cv::Point2d(crop - 0.5, crop - 0.5),
                               cv::Point2d(-0.5, crop - 0.5)})
    quad.emplace_back(cvRound(to_canvas(0, 0) * uv.x + to_canvas(0, 1) * uv.y + to_canvas(0, 2)),
                      cvRound(to_canvas(1, 0) * uv.x + to_canvas(1, 1) * uv.y + to_canvas(1, 2)));
  cv::Mat mask(canvas, CV_8U, cv::Scalar(0));
  cv::fillConvexPoly(mask, quad, cv::Scalar(255));
  cv::dilate(mask, mask, cv::getStructuringElement(cv::MORPH_RECT, {2 * grow + 1, 2 * grow + 1}));
  return mask;
}

// A 20° rotation that enlarges 1.6x and puts the crop's centre at photo (cx, cy).
cv::Matx23d to_crop_at(double cx, double cy, int crop) {
  const double s = 1.6, a = 20 * CV_PI / 180, c = s * std::cos(a), d = s * std::sin(a);
  const double h = (crop - 1) / 2.0;
  return {c, -d, h - (c * cx - d * cy), d, c, h - (d * cx + c * cy)};
}

}  // namespace

TEST(PasteBack, CanvasMappingMatchesResizePixelCentres) {
  const cv::Matx23d to_crop(2, 0, -10, 0, 2, -4);  // photo (5, 2) is crop (0, 0)
  for (const int n : {1, 2, 4}) {
    const cv::Matx23d m = crop_to_canvas(to_crop, n);
    // cv::resize puts photo pixel x at canvas n x + (n - 1) / 2.
    EXPECT_NEAR(m(0, 2), n * 5 + (n - 1) / 2.0, 1e-9) << n;
    EXPECT_NEAR(m(1, 2), n * 2 + (n - 1) / 2.0, 1e-9) << n;
    EXPECT_NEAR(m(0, 0), n / 2.0, 1e-9) << n;
  }
}

TEST(PasteBack, OnlyTheFaceSquareChangesAndItsEdgeIsFeathered) {
  const int crop = 64;
  const cv::Matx23d to_canvas = crop_to_canvas(to_crop_at(70, 60, crop), 2);
  cv::Mat canvas(240, 280, CV_8UC3);
  cv::randu(canvas, 0, 60);
  const cv::Mat before = canvas.clone();
  paste_face(canvas, cv::Mat(crop, crop, CV_8UC3, cv::Scalar::all(255)), to_canvas);

  cv::Mat diff;
  cv::absdiff(canvas, before, diff);
  std::vector<cv::Mat> channels;
  cv::split(diff, channels);
  const cv::Mat changed = (channels[0] | channels[1] | channels[2]) > 0;
  const cv::Mat outside = square_footprint(crop, to_canvas, canvas.size(), 1) == 0;
  EXPECT_EQ(cv::countNonZero(changed & outside), 0);
  EXPECT_GT(cv::countNonZero(changed), 0.6 * cv::countNonZero(~outside));

  // The middle is the face; towards the background its weight falls in steps
  // well below the 1.0 of a hard edge.
  const cv::Point centre(cvRound(to_canvas(0, 0) * 31.5 + to_canvas(0, 1) * 31.5 + to_canvas(0, 2)),
                         cvRound(to_canvas(1, 0) * 31.5 + to_canvas(1, 1) * 31.5 + to_canvas(1, 2)));
  EXPECT_EQ(canvas.at<cv::Vec3b>(centre), cv::Vec3b::all(255));
  const PasteMask mask = feathered_mask(crop, to_canvas, canvas.size());
  const cv::Mat& w = mask.weight;
  double max_x, max_y, lowest, highest;
  cv::minMaxLoc(cv::abs(w.colRange(1, w.cols) - w.colRange(0, w.cols - 1)), nullptr, &max_x);
  cv::minMaxLoc(cv::abs(w.rowRange(1, w.rows) - w.rowRange(0, w.rows - 1)), nullptr, &max_y);
  cv::minMaxLoc(w, &lowest, &highest);
  EXPECT_EQ(lowest, 0.0);
  EXPECT_NEAR(highest, 1.0, 1e-6);
  EXPECT_LT(std::max(max_x, max_y), 0.3);
}

TEST(PasteBack, FacesCutByThePhotoEdgeAreRestoredUpToIt) {
  const int crop = 64;
  const cv::Matx23d to_canvas = crop_to_canvas(to_crop_at(5, 50, crop), 1);
  const PasteMask mask = feathered_mask(crop, to_canvas, {100, 100});
  ASSERT_EQ(mask.roi.x, 0);
  // Where the face meets the left border (at its middle row) the weight is full.
  EXPECT_NEAR(mask.weight.at<float>(50 - mask.roi.y, 0), 1.0f, 1e-3);
}

TEST(RestoredPhoto, NoFacesGivesTheUpscaledBackgroundAndGrayPhotosStayGray) {
  cv::Mat photo(30, 40, CV_8UC3);
  cv::randu(photo, 0, 256);
  const cv::Mat out = restored_photo(photo, {}, {}, 3);
  cv::Mat lanczos;
  cv::resize(photo, lanczos, {120, 90}, 0, 0, cv::INTER_LANCZOS4);
  EXPECT_EQ(cv::norm(out, lanczos, cv::NORM_INF), 0.0);

  cv::Mat gray(120, 120, CV_8UC3, cv::Scalar::all(90));
  PhotoFace face;
  face.to_crop = to_crop_at(60, 60, 64);
  face.crop = cv::Mat(64, 64, CV_8UC3, cv::Scalar::all(90));
  const cv::Mat colour_face(64, 64, CV_8UC3, cv::Scalar(200, 40, 40));
  const cv::Mat pasted = restored_photo(gray, {face}, {colour_face}, 1);
  EXPECT_TRUE(looks_grayscale(pasted));
  EXPECT_NE(pasted.at<cv::Vec3b>(60, 60), cv::Vec3b::all(90));
  EXPECT_FALSE(looks_grayscale(cv::Mat(10, 10, CV_8UC3, cv::Scalar(200, 40, 40))));
}

TEST(RestoredPhoto, AnUpscalingModelsOutputCoversTheSameFrameAndAKeptFaceChangesNothing) {
  cv::Mat photo(120, 120, CV_8UC3, cv::Scalar::all(90));
  PhotoFace face;
  face.to_crop = to_crop_at(60, 60, 16);
  face.crop = cv::Mat(16, 16, CV_8UC3, cv::Scalar::all(90));
  // An x8 model's 128 px output of a 16 px crop lands where a 16 px face would.
  const cv::Mat small = restored_photo(photo, {face}, {cv::Mat(16, 16, CV_8UC3, cv::Scalar::all(250))}, 2);
  const cv::Mat large = restored_photo(photo, {face}, {cv::Mat(128, 128, CV_8UC3, cv::Scalar::all(250))}, 2);
  cv::Mat diff;
  cv::absdiff(small, large, diff);
  EXPECT_LT(cv::mean(diff)[0], 0.5);
  EXPECT_GT(cv::countNonZero(cv::Mat(large.reshape(1) > 200)), 0);
  // scaled_frame keeps pixel centres: crop pixel u of 16 is pixel 8u + 3.5 of 128.
  const cv::Matx23d m = scaled_frame(face.to_crop, 8);
  EXPECT_NEAR(m(0, 0), 8 * face.to_crop(0, 0), 1e-12);
  EXPECT_NEAR(m(0, 2), 8 * face.to_crop(0, 2) + 3.5, 1e-12);
  // An empty result keeps the face as the plain upscale.
  EXPECT_EQ(cv::norm(restored_photo(photo, {face}, {cv::Mat()}, 2), upscale_background(photo, 2), cv::NORM_INF), 0.0);
}
