// Image files in, RGB out, whatever the file: and one clear error for files
// that are not images.
#include <gtest/gtest.h>

#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/error.h"
#include "io/image.h"
#include "io/safetensors.h"
#include "huge_png.h"
#include "test_paths.h"

using facesr::Error;
using facesr::test::ScratchDir;

using facesr::test::read_bytes;
using facesr::test::write_bytes;

namespace {

// Expects read_rgb8(path) to throw one line that names the file.
void expect_read_error(const std::string& path, const std::string& what) {
  try {
    facesr::read_rgb8(path);
    FAIL() << "read " << path << " without error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(path), std::string::npos) << msg;
    EXPECT_NE(msg.find(what), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
  }
}

// A JPEG whose EXIF orientation tag says "rotate 90° clockwise to display" (6).
std::string jpeg_with_orientation_6(const cv::Mat& bgr) {
  std::vector<uchar> jpeg;
  cv::imencode(".jpg", bgr, jpeg, {cv::IMWRITE_JPEG_QUALITY, 100});
  const std::string tiff = std::string("II*\0\x08\0\0\0", 8) +        // little-endian TIFF, IFD at 8
                           std::string("\x01\0", 2) +                 // one entry
                           std::string("\x12\x01\x03\0\x01\0\0\0\x06\0\0\0", 12) +  // Orientation=6
                           std::string("\0\0\0\0", 4);                // no next IFD
  const std::string payload = std::string("Exif\0\0", 6) + tiff;
  const size_t len = payload.size() + 2;
  std::string app1 = std::string("\xFF\xE1", 2) + static_cast<char>(len >> 8) + static_cast<char>(len & 0xff) + payload;
  std::string bytes(jpeg.begin(), jpeg.end());
  return bytes.substr(0, 2) + app1 + bytes.substr(2);
}

}  // namespace

TEST(ImageIO, ReadsPngAsRgbInFixtureOrder) {
  const auto hr = facesr::safetensors::File::open(facesr::test::fixture("pil_bicubic.safetensors").string()).tensor("hr");
  for (int i = 0; i < 6; ++i) {
    const auto path = facesr::test::fixture("images/hr_0" + std::to_string(i) + ".png").string();
    const cv::Mat rgb = facesr::read_rgb8(path);
    ASSERT_EQ(rgb.type(), CV_8UC3);
    const auto t = torch::from_blob(rgb.data, {rgb.rows, rgb.cols, 3}, torch::kUInt8);
    EXPECT_TRUE(torch::equal(t, hr[i])) << path;
  }
}

TEST(ImageIO, GrayscaleSixteenBitAndAlphaBecomeRgb8) {
  ScratchDir dir;
  cv::Mat gray(4, 5, CV_8UC1, cv::Scalar(77));
  cv::imwrite(dir.file("gray.png"), gray);
  const cv::Mat g = facesr::read_rgb8(dir.file("gray.png"));
  EXPECT_EQ(g.type(), CV_8UC3);
  EXPECT_EQ(cv::countNonZero(g.reshape(1) != 77), 0);

  cv::Mat deep(3, 3, CV_16UC3, cv::Scalar(0, 257 * 100, 65535));  // BGR
  cv::imwrite(dir.file("deep.png"), deep);
  const cv::Vec3b px = facesr::read_rgb8(dir.file("deep.png")).at<cv::Vec3b>(1, 1);
  EXPECT_EQ(px, cv::Vec3b(255, 100, 0));  // RGB

  cv::Mat rgba(2, 2, CV_8UC4, cv::Scalar(10, 20, 30, 0));  // BGRA, fully transparent
  cv::imwrite(dir.file("alpha.png"), rgba);
  EXPECT_EQ(facesr::read_rgb8(dir.file("alpha.png")).at<cv::Vec3b>(0, 0), cv::Vec3b(30, 20, 10));
}

TEST(ImageIO, AppliesExifRotation) {
  ScratchDir dir;
  cv::Mat bgr(20, 40, CV_8UC3, cv::Scalar(0, 0, 0));
  bgr(cv::Rect(0, 0, 20, 20)).setTo(cv::Scalar(255, 255, 255));  // white left half
  write_bytes(dir.file("rotated.jpg"), jpeg_with_orientation_6(bgr));
  const cv::Mat rgb = facesr::read_rgb8(dir.file("rotated.jpg"));
  ASSERT_EQ(rgb.rows, 40);
  ASSERT_EQ(rgb.cols, 20);
  // Rotating 90° clockwise moves the left half to the top.
  EXPECT_GT(rgb.at<cv::Vec3b>(5, 10)[0], 200);
  EXPECT_LT(rgb.at<cv::Vec3b>(35, 10)[0], 50);
}

TEST(ImageIO, WriteIsAtomicAndRoundTrips) {
  ScratchDir dir;
  cv::Mat rgb(7, 9, CV_8UC3);
  cv::randu(rgb, 0, 256);
  facesr::write_rgb8(dir.file("out.png"), rgb);
  const cv::Mat back = facesr::read_rgb8(dir.file("out.png"));
  EXPECT_EQ(cv::norm(rgb, back, cv::NORM_INF), 0.0);
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) files += e.is_regular_file();
  EXPECT_EQ(files, 1);
  EXPECT_THROW(facesr::write_rgb8(dir.file("out.nosuchformat"), rgb), Error);
  EXPECT_THROW(facesr::write_rgb8(dir.file("missing/out.png"), rgb), Error);
}

TEST(ImageIO, RejectsFilesThatAreNotImages) {
  ScratchDir dir;
  expect_read_error(dir.file("absent.png"), "no such file");
  expect_read_error(dir.path().string(), "not a file");
  write_bytes(dir.file("empty.png"), "");
  expect_read_error(dir.file("empty.png"), "empty");
  write_bytes(dir.file("notes.png"), "these are not the pixels you are looking for");
  expect_read_error(dir.file("notes.png"), "not a readable image");

  const std::string png = read_bytes(facesr::test::fixture("images/hr_00.png").string());
  write_bytes(dir.file("truncated.png"), png.substr(0, png.size() / 3));
  expect_read_error(dir.file("truncated.png"), "not a readable image");
}

TEST(ImageIO, RejectsHugeImagesBeforeAllocating) {
  ScratchDir dir;
  write_bytes(dir.file("huge.png"), facesr::test::huge_png());
  expect_read_error(dir.file("huge.png"), "megapixels");
}

TEST(ImageIO, TensorRangesFollowThePapers) {
  cv::Mat rgb(1, 3, CV_8UC3);
  rgb.at<cv::Vec3b>(0, 0) = {0, 128, 255};
  rgb.at<cv::Vec3b>(0, 1) = {1, 2, 3};
  rgb.at<cv::Vec3b>(0, 2) = {254, 127, 64};
  const auto m11 = facesr::image_to_tensor(rgb, facesr::ValueRange::MinusOneOne);
  EXPECT_EQ(m11.sizes(), torch::IntArrayRef({1, 3, 1, 3}));
  EXPECT_FLOAT_EQ(m11[0][0][0][0].item<float>(), -1.0f);
  EXPECT_FLOAT_EQ(m11[0][2][0][0].item<float>(), 1.0f);
  EXPECT_FLOAT_EQ(facesr::image_to_tensor(rgb, facesr::ValueRange::ZeroOne)[0][1][0][0].item<float>(), 128.0f / 255.0f);
  EXPECT_FLOAT_EQ(facesr::image_to_tensor(rgb, facesr::ValueRange::ZeroTo255)[0][1][0][0].item<float>(), 128.0f);

  // Round trips through [0,1] with rounding are exact.
  const cv::Mat back = facesr::tensor_to_image(facesr::image_to_tensor(rgb, facesr::ValueRange::ZeroOne),
                                               facesr::ValueRange::ZeroOne, facesr::Quantize::Round);
  EXPECT_EQ(cv::norm(rgb, back, cv::NORM_INF), 0.0);
}

TEST(ImageIO, TruncationAndRoundingDifferAtHalfSteps) {
  // 0 in [-1,1] is 127.5 grey: SPARNet/CTCNet truncate to 127, DIC rounds half to even: 128.
  const auto mid = torch::zeros({1, 3, 1, 1});
  EXPECT_EQ(facesr::tensor_to_image(mid, facesr::ValueRange::MinusOneOne, facesr::Quantize::Truncate).at<cv::Vec3b>(0, 0)[0], 127);
  EXPECT_EQ(facesr::tensor_to_image(mid, facesr::ValueRange::MinusOneOne, facesr::Quantize::Round).at<cv::Vec3b>(0, 0)[0], 128);
  // Out-of-range outputs are clipped, not wrapped.
  const auto wild = torch::tensor({-3.0f, 0.999f, 5.0f}).reshape({3, 1, 1});
  const cv::Vec3b px = facesr::tensor_to_image(wild, facesr::ValueRange::MinusOneOne, facesr::Quantize::Truncate).at<cv::Vec3b>(0, 0);
  EXPECT_EQ(px, cv::Vec3b(0, 254, 255));
  EXPECT_THROW(facesr::tensor_to_image(torch::zeros({2, 3, 4, 4}), facesr::ValueRange::ZeroOne, facesr::Quantize::Round), Error);
}
