// pil_resize must reproduce Pillow 9.4's Image.resize(BICUBIC): exactly on the
// 8-bit path (fixtures README §6.2), within 1e-4 on the mode "F" path.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <string>
#include <vector>

#include "core/error.h"
#include "io/safetensors.h"
#include "resample/pil_resize.h"
#include "test_paths.h"

using facesr::pil_resize;

namespace {

constexpr int kFaces = 6;
const cv::Size kLow(16, 16);
const cv::Size kHigh(128, 128);

const std::map<std::string, torch::Tensor>& pil_fixture() {
  static const auto tensors =
      facesr::safetensors::File::open(facesr::test::fixture("pil_bicubic.safetensors").string()).tensors();
  return tensors;
}

// Face i of an NHWC RGB fixture tensor (U8 or F32) as a 3-channel Mat.
cv::Mat face(const std::string& name, int i) {
  const torch::Tensor t = pil_fixture().at(name)[i].contiguous();
  const int type = t.scalar_type() == torch::kUInt8 ? CV_8UC3 : CV_32FC3;
  return cv::Mat(static_cast<int>(t.size(0)), static_cast<int>(t.size(1)), type, t.data_ptr()).clone();
}

cv::Mat as_float(const cv::Mat& image) {
  cv::Mat out;
  image.convertTo(out, CV_32F);
  return out;
}

double max_abs_diff(const cv::Mat& actual, const cv::Mat& expected) {
  EXPECT_EQ(actual.size(), expected.size());
  EXPECT_EQ(actual.type(), expected.type());
  if (actual.size() != expected.size() || actual.type() != expected.type()) return INFINITY;
  return cv::norm(actual, expected, cv::NORM_INF);
}

cv::Mat image_png(const std::string& stem, int i) {
  const std::string path = facesr::test::fixture("images/" + stem + "_0" + std::to_string(i) + ".png").string();
  cv::Mat image = cv::imread(path, cv::IMREAD_COLOR);
  EXPECT_FALSE(image.empty()) << "cannot read " << path;
  return image;
}

// A rows x cols float image; row r is `row` scaled by column[r].
cv::Mat outer(const std::vector<float>& column, const std::vector<float>& row) {
  cv::Mat out(static_cast<int>(column.size()), static_cast<int>(row.size()), CV_32FC1);
  for (int r = 0; r < out.rows; ++r)
    for (int c = 0; c < out.cols; ++c) out.at<float>(r, c) = column[r] * row[c];
  return out;
}

cv::Mat row_u8(const std::vector<uint8_t>& values) { return cv::Mat(values, true).reshape(1, 1); }
cv::Mat row_f32(const std::vector<float>& values) { return cv::Mat(values, true).reshape(1, 1); }

void expect_error(const cv::Mat& image, cv::Size size, const std::string& what) {
  try {
    pil_resize(image, size);
    FAIL() << "accepted bad input; expected an error about: " << what;
  } catch (const facesr::Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("pil_resize"), std::string::npos) << msg;
    EXPECT_NE(msg.find(what), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << "error must be one line: " << msg;
  }
}

}  // namespace

TEST(PilResize, EightBitMatchesPillowOnFixtureFaces) {
  for (int i = 0; i < kFaces; ++i) {
    const cv::Mat lr = pil_resize(face("hr", i), kLow);
    EXPECT_EQ(max_abs_diff(lr, face("lr16", i)), 0.0) << "hr -> lr16, face " << i;
    EXPECT_EQ(max_abs_diff(pil_resize(face("lr16", i), kHigh), face("up128", i)), 0.0) << "lr16 -> up128, face " << i;
  }
}

// The PNGs are what users start from; cv::imread gives BGR, which per-channel
// resampling does not care about.
TEST(PilResize, EightBitMatchesPillowOnFixturePngs) {
  for (int i = 0; i < kFaces; ++i) {
    const cv::Mat lr = pil_resize(image_png("hr", i), kLow);
    EXPECT_EQ(max_abs_diff(lr, image_png("lr16", i)), 0.0) << "face " << i;
    EXPECT_EQ(max_abs_diff(pil_resize(lr, kHigh), image_png("bicubic128", i)), 0.0) << "face " << i;
  }
}

TEST(PilResize, FloatMatchesPillowModeF) {
  double worst = 0;
  for (int i = 0; i < kFaces; ++i) {
    const double down = max_abs_diff(pil_resize(as_float(face("hr", i)), kLow), face("lr16_F", i));
    const double up = max_abs_diff(pil_resize(as_float(face("lr16", i)), kHigh), face("up128_F", i));
    EXPECT_LE(down, 1e-4) << "hr -> lr16_F, face " << i;
    EXPECT_LE(up, 1e-4) << "lr16 -> up128_F, face " << i;
    worst = std::max({worst, down, up});
  }
  RecordProperty("max_abs_diff", ::testing::PrintToString(worst));
}

// Single-channel and 4-channel Mats (Pillow L and RGBX) give each channel the
// same result as the 3-channel image.
TEST(PilResize, ChannelsAreResampledIndependently) {
  const cv::Mat hr = face("hr", 0);
  const cv::Mat expected = face("lr16", 0);
  std::vector<cv::Mat> planes, expected_planes;
  cv::split(hr, planes);
  cv::split(expected, expected_planes);
  for (int c = 0; c < 3; ++c) {
    EXPECT_EQ(max_abs_diff(pil_resize(planes[c], kLow), expected_planes[c]), 0.0) << "CV_8UC1 channel " << c;
  }
  cv::Mat four;
  cv::merge(std::vector<cv::Mat>{planes[2], planes[1], planes[0], planes[1]}, four);
  cv::Mat expected_four;
  cv::merge(std::vector<cv::Mat>{expected_planes[2], expected_planes[1], expected_planes[0], expected_planes[1]},
            expected_four);
  EXPECT_EQ(max_abs_diff(pil_resize(four, kLow), expected_four), 0.0) << "CV_8UC4";

  std::vector<cv::Mat> float_expected;
  cv::split(face("lr16_F", 0), float_expected);
  EXPECT_LE(max_abs_diff(pil_resize(as_float(planes[1]), kLow), float_expected[1]), 1e-4) << "CV_32FC1";
}

TEST(PilResize, SameSizeReturnsACopy) {
  for (const cv::Mat& image : {face("hr", 1), as_float(face("hr", 1))}) {
    const cv::Mat out = pil_resize(image, image.size());
    EXPECT_EQ(max_abs_diff(out, image), 0.0);
    EXPECT_NE(out.data, image.data);
  }
}

// Hand-checked 1-D cases (weights from the a = -0.5 cubic, normalised):
// 2 -> 4: centres 0.25, 0.75, ... give weights (1.0882, -0.0882), (0.7929, 0.2071), ...
// The float path keeps overshoot; the 8-bit path rounds and clips it.
TEST(PilResize, UpscalesAndDownscalesSmallRowsLikePillow) {
  EXPECT_EQ(max_abs_diff(pil_resize(row_u8({0, 255}), {4, 1}), row_u8({0, 53, 202, 255})), 0.0);
  EXPECT_LE(max_abs_diff(pil_resize(row_f32({0, 255}), {4, 1}), row_f32({-22.5f, 52.8214286f, 202.1785714f, 277.5f})),
            1e-4);
  // The exact value of the last pixel is (-3 * 246 + 37 * 59) / 34 = 42.5; Pillow's
  // fixed-point weights (rounded away from zero) put the sum just below it.
  EXPECT_EQ(max_abs_diff(pil_resize(row_u8({246, 59}), {4, 1}), row_u8({255, 207, 98, 42})), 0.0);
  // 4 -> 2: the kernel is stretched x2, so each output reads all 4 inputs.
  EXPECT_EQ(max_abs_diff(pil_resize(row_u8({0, 0, 255, 255}), {2, 1}), row_u8({21, 234})), 0.0);
  EXPECT_LE(max_abs_diff(pil_resize(row_f32({0, 0, 255, 255}), {2, 1}), row_f32({21.0743802f, 233.9256198f})), 1e-4);
  // 3 -> 5: the last window starts at pixel 1 (Pillow truncates the window ends).
  EXPECT_EQ(max_abs_diff(pil_resize(row_u8({10, 200, 40}), {5, 1}), row_u8({0, 84, 200, 105, 28})), 0.0);
  EXPECT_LE(max_abs_diff(pil_resize(row_f32({10, 200, 40}), {5, 1}),
                         row_f32({-4.3396226f, 83.8059701f, 200.0f, 104.6268657f, 27.9245283f})),
            1e-4);
  // 5 -> 3: non-integer scale 5/3.
  EXPECT_EQ(max_abs_diff(pil_resize(row_u8({0, 255, 0, 255, 0}), {3, 1}), row_u8({106, 126, 106})), 0.0);
  EXPECT_LE(max_abs_diff(pil_resize(row_f32({0, 255, 0, 255, 0}), {3, 1}), row_f32({105.9230769f, 125.7209302f,
                                                                                      105.9230769f})),
            1e-4);
}

TEST(PilResize, VerticalPassMatchesHorizontalPass) {
  EXPECT_EQ(max_abs_diff(pil_resize(row_u8({10, 200, 40}).t(), {1, 5}), row_u8({0, 84, 200, 105, 28}).t()), 0.0);
  EXPECT_EQ(max_abs_diff(pil_resize(row_u8({0, 0, 255, 255}).t(), {1, 2}), row_u8({21, 234}).t()), 0.0);
}

// A separable 4x3 image u v^T resized to 5 wide x 2 high is (resized u)(resized v)^T:
// one axis downscaled, the other upscaled by an odd factor.
TEST(PilResize, ResizesNonSquareImagesSeparably) {
  const cv::Mat image = outer({0, 0, 1, 1}, {10, 200, 40});
  const cv::Mat expected =
      outer({21.0743802f / 255, 233.9256198f / 255}, {-4.3396226f, 83.8059701f, 200.0f, 104.6268657f, 27.9245283f});
  EXPECT_LE(max_abs_diff(pil_resize(image, {5, 2}), expected), 1e-4);
}

// Rows and columns of a sub-image are read through its own stride.
TEST(PilResize, ReadsImageRegions) {
  const cv::Mat hr = face("hr", 2);
  const cv::Mat region = hr(cv::Rect(5, 9, 67, 41));
  ASSERT_FALSE(region.isContinuous());
  EXPECT_EQ(max_abs_diff(pil_resize(region, {23, 17}), pil_resize(region.clone(), {23, 17})), 0.0);
}

TEST(PilResize, RejectsBadInput) {
  const cv::Mat image(8, 8, CV_8UC3, cv::Scalar::all(7));
  expect_error(cv::Mat(), kLow, "empty");
  expect_error(image, {0, 16}, "0x16");
  expect_error(image, {16, -1}, "16x-1");
  expect_error(cv::Mat(8, 8, CV_8UC2), kLow, "CV_8UC2");
  expect_error(cv::Mat(8, 8, CV_16UC1), kLow, "CV_16UC1");
  expect_error(cv::Mat(8, 8, CV_64FC3), kLow, "CV_64FC3");
}
