// SPARNetHD's blind degradation: the imgaug-equivalent pieces checked by
// hand, the chain's structure with chosen parameters, and the draw odds.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "core/error.h"
#include "io/image.h"
#include "resample/pil_resize.h"
#include "test_paths.h"
#include "training/degradation/blind_degradation.h"

using facesr::BlindDegradationParams;
using facesr::BlurKind;

namespace {

cv::Mat face() {
  static const cv::Mat image =
      facesr::read_rgb8((facesr::test::shared_dir() / "data/utkface/100_0_0_20170112213500903.jpg.chip.jpg").string());
  return image;
}

double sharpness(const cv::Mat& rgb) {
  cv::Mat gray, laplacian;
  cv::cvtColor(rgb, gray, cv::COLOR_RGB2GRAY);
  cv::Laplacian(gray, laplacian, CV_64F);
  cv::Scalar mean, stddev;
  cv::meanStdDev(laplacian, mean, stddev);
  return stddev[0] * stddev[0];
}

}  // namespace

TEST(BlindDegradation, GaussianKernelSizeFollowsImgaug) {
  // 3.3σ below 3, 2.9σ below 5, else 2.6σ; at least 5; truncated; made odd.
  EXPECT_EQ(facesr::gaussian_blur_ksize(1.0), 5);
  EXPECT_EQ(facesr::gaussian_blur_ksize(3.0), 9);    // 8.7
  EXPECT_EQ(facesr::gaussian_blur_ksize(4.0), 11);   // 11.6
  EXPECT_EQ(facesr::gaussian_blur_ksize(5.0), 13);   // 13.0
  EXPECT_EQ(facesr::gaussian_blur_ksize(15.0), 39);  // 39.0
}

TEST(BlindDegradation, MotionKernelIsANormalisedLine) {
  // direction 0: linspace(.5, .5) -> 127 per tap after the uint8 cast, so the
  // unrotated kernel is a uniform vertical line.
  const cv::Mat vertical = facesr::motion_blur_kernel(5, 0.0, 0.0);
  ASSERT_EQ(vertical.size(), cv::Size(5, 5));
  for (int y = 0; y < 5; ++y) {
    for (int x = 0; x < 5; ++x) EXPECT_NEAR(vertical.at<float>(y, x), x == 2 ? 0.2 : 0.0, 1e-6);
  }
  // A quarter turn makes it horizontal.
  const cv::Mat horizontal = facesr::motion_blur_kernel(5, 90.0, 0.0);
  for (int y = 0; y < 5; ++y) {
    for (int x = 0; x < 5; ++x) EXPECT_NEAR(horizontal.at<float>(y, x), y == 2 ? 0.2 : 0.0, 1e-6);
  }
  // direction -1: weights 0, 63, 127, 191, 255 (of 636) down the column.
  const cv::Mat ramp = facesr::motion_blur_kernel(5, 0.0, -1.0);
  const double taps[] = {0, 63, 127, 191, 255};
  for (int y = 0; y < 5; ++y) EXPECT_NEAR(ramp.at<float>(y, 2), taps[y] / 636.0, 1e-6);
  EXPECT_NEAR(cv::sum(facesr::motion_blur_kernel(11, 37.0, 0.3))[0], 1.0, 1e-5);
  EXPECT_THROW(facesr::motion_blur_kernel(4, 0.0, 0.0), facesr::Error);
}

TEST(BlindDegradation, IdentityParametersKeepTheBicubicHr) {
  // No blur, noise or JPEG and no size change: LQ is the HR itself.
  BlindDegradationParams params;
  params.scale_size = 256;
  params.interpolation = cv::INTER_LINEAR;
  const auto sample = facesr::blind_degradation(face(), params, 256);
  const cv::Mat expected = facesr::pil_resize(face(), {256, 256});
  EXPECT_EQ(cv::norm(sample.hr, expected, cv::NORM_INF), 0);
  EXPECT_EQ(cv::norm(sample.lq, expected, cv::NORM_INF), 0);
}

TEST(BlindDegradation, GrayTurnsTargetGrayToo) {
  BlindDegradationParams params;
  params.gray = true;
  params.scale_size = 64;
  params.interpolation = cv::INTER_AREA;
  const auto sample = facesr::blind_degradation(face(), params, 256);
  const cv::Mat colour = facesr::pil_resize(face(), {256, 256});
  // Every channel holds OpenCV's fixed-point BT.601 luma of the colour HR.
  for (int y = 0; y < 256; y += 5) {
    for (int x = 0; x < 256; x += 3) {
      const auto p = colour.at<cv::Vec3b>(y, x);
      const int luma = (4899 * p[0] + 9617 * p[1] + 1868 * p[2] + (1 << 13)) >> 14;
      ASSERT_EQ(sample.hr.at<cv::Vec3b>(y, x), cv::Vec3b(luma, luma, luma));
    }
  }
}

TEST(BlindDegradation, EveryStageDegrades) {
  BlindDegradationParams params;
  params.scale_size = 100;
  params.interpolation = cv::INTER_CUBIC;
  const cv::Mat resized_only = facesr::blind_degradation(face(), params, 256).lq;
  const double base = cv::norm(facesr::pil_resize(face(), {256, 256}), resized_only, cv::NORM_L2);
  ASSERT_GT(base, 0);
  auto with = [&](auto change) {
    BlindDegradationParams p = params;
    change(p);
    return cv::norm(resized_only, facesr::blind_degradation(face(), p, 256).lq, cv::NORM_L2);
  };
  EXPECT_GT(with([](auto& p) { p.blur = BlurKind::Gaussian, p.blur_sigma = 4; }), 0);
  EXPECT_GT(with([](auto& p) { p.blur = BlurKind::Average, p.blur_kernel = 6; }), 0);
  EXPECT_GT(with([](auto& p) { p.blur = BlurKind::Median, p.blur_kernel = 7; }), 0);
  EXPECT_GT(with([](auto& p) { p.blur = BlurKind::Motion, p.blur_kernel = 9, p.motion_angle = 30; }), 0);
  EXPECT_GT(with([](auto& p) { p.noise = true, p.noise_sigma = 10, p.noise_seed = 3; }), 0);
  EXPECT_GT(with([](auto& p) { p.jpeg = true, p.jpeg_quality = 40; }), 0);
}

TEST(BlindDegradation, DrawsFollowTheSpecRanges) {
  std::mt19937_64 rng(9);
  const int n = 4000;
  int gray = 0, blurred = 0, noise = 0, jpeg = 0;
  for (int i = 0; i < n; ++i) {
    const auto p = facesr::draw_blind_degradation(rng);
    gray += p.gray;
    blurred += p.blur != BlurKind::None;
    noise += p.noise;
    jpeg += p.jpeg;
    ASSERT_GE(p.scale_size, 32);
    ASSERT_LE(p.scale_size, 127);
    const auto in = [](double v, double lo, double hi) { return v >= lo && v <= hi; };
    const bool odd = p.blur_kernel % 2 == 1;
    ASSERT_TRUE(p.blur != BlurKind::Gaussian || in(p.blur_sigma, 3, 15));
    ASSERT_TRUE(p.blur != BlurKind::Average || in(p.blur_kernel, 3, 15));
    ASSERT_TRUE(p.blur != BlurKind::Median || (in(p.blur_kernel, 3, 15) && odd));
    ASSERT_TRUE(p.blur != BlurKind::Motion || (in(p.blur_kernel, 5, 25) && odd));
    ASSERT_TRUE(!p.noise || in(p.noise_sigma, 0, 25.5));
    // compression 10..65 -> quality round(1 + 99 (1 - c/101)) in 36..90.
    ASSERT_TRUE(!p.jpeg || in(p.jpeg_quality, 36, 90)) << p.jpeg_quality;
  }
  EXPECT_NEAR(gray / double(n), 0.3, 0.03);
  EXPECT_NEAR(blurred / double(n), 0.5, 0.03);
  EXPECT_NEAR(noise / double(n), 0.2, 0.03);
  EXPECT_NEAR(jpeg / double(n), 0.7, 0.03);
}

TEST(BlindDegradation, RandomSamplesAreReproducibleAndBlurrier) {
  std::mt19937_64 a(1), b(1);
  for (int i = 0; i < 8; ++i) {
    const auto first = facesr::blind_degradation(face(), a);
    const auto second = facesr::blind_degradation(face(), b);
    ASSERT_EQ(first.lq.size(), cv::Size(512, 512));
    ASSERT_EQ(first.hr.size(), cv::Size(512, 512));
    EXPECT_EQ(cv::norm(first.lq, second.lq, cv::NORM_INF), 0);
    EXPECT_EQ(cv::norm(first.hr, second.hr, cv::NORM_INF), 0);
    // Down to at most 127 px and back: the LQ always loses detail.
    EXPECT_LT(sharpness(first.lq), sharpness(first.hr));
  }
}

TEST(BlindDegradation, RefusesBadInput) {
  std::mt19937_64 rng(0);
  EXPECT_THROW(facesr::blind_degradation(cv::Mat(), rng), facesr::Error);
  EXPECT_THROW(facesr::blind_degradation(cv::Mat(8, 8, CV_8UC1), rng), facesr::Error);
}

TEST(BlindDegradation, FaceRestorationDrawsSpanCleanToEightTimesSmaller) {
  const auto ranges = facesr::BlindDegradationRanges::blind(128);
  std::mt19937_64 rng(5);
  const int n = 6000;
  int clean = 0, below_half_octaves = 0, gray = 0;
  for (int i = 0; i < n; ++i) {
    const auto p = facesr::draw_blind_degradation(rng, ranges);
    const bool untouched = !p.gray && p.blur == BlurKind::None && !p.noise && !p.jpeg && p.scale_size == 128;
    clean += untouched;
    gray += p.gray;
    ASSERT_GE(p.scale_size, 16);  // x8 at most
    ASSERT_LE(p.scale_size, 128);  // x1 at least
    below_half_octaves += p.scale_size <= 45;  // 128 / 2^1.5: half of a log-uniform x1..x8
    const auto in = [](double v, double lo, double hi) { return v >= lo && v <= hi; };
    ASSERT_TRUE(p.blur != BlurKind::Gaussian || in(p.blur_sigma, 0.25, 3.75)) << p.blur_sigma;
    ASSERT_TRUE(p.blur != BlurKind::Average || p.blur_kernel == 3);
    ASSERT_TRUE(p.blur != BlurKind::Median || p.blur_kernel == 3);
    ASSERT_TRUE(p.blur != BlurKind::Motion || (in(p.blur_kernel, 3, 7) && p.blur_kernel % 2 == 1));
    ASSERT_TRUE(!p.noise || in(p.noise_sigma, 0, 25.5));
    ASSERT_TRUE(!p.jpeg || in(p.jpeg_quality, 36, 90)) << p.jpeg_quality;
  }
  // p_clean 0.1, plus the rare draw that happens to change nothing.
  EXPECT_NEAR(clean / double(n), 0.1, 0.02);
  EXPECT_NEAR(gray / double(n), 0.9 * 0.1, 0.015);
  EXPECT_NEAR(below_half_octaves / double(n), 0.9 * 0.5, 0.03);
  // Blur sizes follow the frame: at 512 the kernels reach SPARNetHD's.
  const auto at512 = facesr::BlindDegradationRanges::blind(512);
  EXPECT_DOUBLE_EQ(at512.gaussian_sigma[1], 15.0);
  EXPECT_EQ(at512.motion_kernel[1], 25);
  EXPECT_EQ(at512.scale_size[0], 64);
  EXPECT_THROW(facesr::BlindDegradationRanges::blind(4), facesr::Error);
}

TEST(BlindDegradation, FaceRestorationSamplesKeepTheFrameAndCleanOnesAreTheFace) {
  const auto ranges = facesr::BlindDegradationRanges::blind(128);
  std::mt19937_64 rng(11);
  int clean = 0, degraded = 0;
  for (int i = 0; i < 60; ++i) {
    const auto s = facesr::blind_degradation(face(), rng, 128, ranges);
    ASSERT_EQ(s.lq.size(), cv::Size(128, 128));
    ASSERT_EQ(s.hr.size(), cv::Size(128, 128));
    if (cv::norm(s.lq, s.hr, cv::NORM_INF) == 0) ++clean;
    else ++degraded;
  }
  EXPECT_GT(clean, 0);
  EXPECT_GT(degraded, 40);
}

// The horizontal shift (px) that best aligns `moved` with `still`: where the face went.
int best_horizontal_shift(const cv::Mat& moved, const cv::Mat& still) {
  int best = 0;
  double best_error = 1e300;
  for (int dx = -5; dx <= 5; ++dx) {
    const cv::Rect inner(8, 8, still.cols - 16, still.rows - 16);
    const double error = cv::norm(moved(inner), still(inner + cv::Point(dx, 0)), cv::NORM_L2);
    if (error < best_error) best_error = error, best = dx;
  }
  return best;
}

TEST(BlindDegradation, FaceRestorationNearestReductionLeavesTheFaceWhereItIs) {
  // The nearest-neighbour interpolation a set of ranges draws, applied alone at x8.
  const auto reduced_x8 = [](const facesr::BlindDegradationRanges& ranges) {
    std::mt19937_64 rng(2);
    facesr::BlindDegradationParams drawn;
    do drawn = facesr::draw_blind_degradation(rng, ranges);
    while (drawn.scale_size == ranges.scale_size[1] || drawn.interpolation == cv::INTER_LINEAR ||
           drawn.interpolation == cv::INTER_AREA || drawn.interpolation == cv::INTER_CUBIC);
    facesr::BlindDegradationParams nearest_only;
    nearest_only.scale_size = 16;
    nearest_only.interpolation = drawn.interpolation;
    return facesr::blind_degradation(face(), nearest_only, 128);
  };
  for (const auto& ranges : {facesr::BlindDegradationRanges::blind(128), facesr::BlindDegradationRanges::photo(128)}) {
    const auto s = reduced_x8(ranges);
    EXPECT_LE(std::abs(best_horizontal_shift(s.lq, s.hr)), 1);
  }
  // SPARNetHD's own chain keeps imgaug's top-left sampling: the face moves (8 − 1)/2 px.
  const auto official = reduced_x8(facesr::BlindDegradationRanges::sparnethd());
  EXPECT_GE(std::abs(best_horizontal_shift(official.lq, official.hr)), 3);
}

TEST(BlindDegradation, PhotoRangesAreMilderAndNamedOnesAreTheRecipes) {
  const auto photo = facesr::BlindDegradationRanges::photo(128);
  std::mt19937_64 rng(3);
  int blurred = 0, jpeg = 0;
  const int n = 4000;
  for (int i = 0; i < n; ++i) {
    const auto p = facesr::draw_blind_degradation(rng, photo);
    blurred += p.blur != BlurKind::None;
    jpeg += p.jpeg;
    const auto in = [](double v, double lo, double hi) { return v >= lo && v <= hi; };
    ASSERT_GE(p.scale_size, 16);
    ASSERT_TRUE(p.blur != BlurKind::Gaussian || in(p.blur_sigma, 0.25, 1.5)) << p.blur_sigma;
    ASSERT_TRUE(p.blur != BlurKind::Motion || (in(p.blur_kernel, 3, 5) && p.blur_kernel % 2 == 1));
    ASSERT_TRUE(!p.noise || in(p.noise_sigma, 0, 15));
    ASSERT_TRUE(!p.jpeg || in(p.jpeg_quality, 40, 96)) << p.jpeg_quality;
    ASSERT_TRUE(p.lanczos_up);  // as `restore` takes a small face into the frame
  }
  EXPECT_FALSE(facesr::draw_blind_degradation(rng, facesr::BlindDegradationRanges::blind(128)).lanczos_up);
  // The last resize decides the input's sharpness: Lanczos and cubic differ.
  facesr::BlindDegradationParams quarter;
  quarter.scale_size = 32;
  quarter.interpolation = cv::INTER_AREA;
  const cv::Mat cubic = facesr::blind_degradation(face(), quarter, 128).lq;
  quarter.lanczos_up = true;
  EXPECT_GT(cv::norm(facesr::blind_degradation(face(), quarter, 128).lq, cubic, cv::NORM_INF), 0);
  EXPECT_NEAR(blurred / double(n), 0.9 * 0.3, 0.03);
  EXPECT_NEAR(jpeg / double(n), 0.9 * 0.5, 0.03);
  EXPECT_DOUBLE_EQ(facesr::BlindDegradationRanges::named("photo", 256).gaussian_sigma[1], 3.0);
  EXPECT_DOUBLE_EQ(facesr::BlindDegradationRanges::named("blind", 128).gaussian_sigma[1], 3.75);
  EXPECT_THROW(facesr::BlindDegradationRanges::named("median", 128), facesr::Error);
}

TEST(BlindDegradation, ChangedSamplesAlwaysDifferFromTheirTarget) {
  // The photo ranges leave a face as it was in the clean draw (p 0.1) and in
  // draws without blur, resampling or JPEG whose noise is too faint to round
  // to a level; changed_blind_degradation never does.
  const auto photo = facesr::BlindDegradationRanges::photo(128);
  std::mt19937_64 plain_rng(8), changed_rng(8);
  int unchanged_plain = 0;
  for (int i = 0; i < 200; ++i) {
    const auto plain = facesr::blind_degradation(face(), plain_rng, 128, photo);
    unchanged_plain += cv::norm(plain.lq, plain.hr, cv::NORM_INF) == 0;
    const auto changed = facesr::changed_blind_degradation(face(), changed_rng, 128, photo);
    ASSERT_GT(cv::norm(changed.lq, changed.hr, cv::NORM_INF), 0) << "sample " << i;
  }
  EXPECT_GT(unchanged_plain, 0);  // else this test checks nothing
  // Faint noise alone leaves a face as it was: the case a check of the draw missed.
  facesr::BlindDegradationParams faint;
  faint.scale_size = 128;
  faint.noise = true;
  faint.noise_sigma = 0.05;
  const auto s = facesr::blind_degradation(face(), faint, 128);
  EXPECT_EQ(cv::norm(s.lq, s.hr, cv::NORM_INF), 0);
}
