// Training faces carry the 300-W landmark file beside them when there is one,
// and a malformed file is an error naming it.
#include <gtest/gtest.h>

#include "core/error.h"
#include "io/image.h"
#include "test_paths.h"
#include "training/face_image.h"

namespace facesr::training {
namespace {

std::string sixty_eight_points() {
  std::string text;
  for (int i = 0; i < 68; ++i) text += std::to_string(i) + " " + std::to_string(2 * i) + ".5\n";
  return text;
}

TEST(FaceImage, ReadsTheLandmarkFileBesideTheImage) {
  const test::ScratchDir dir;
  write_rgb8(dir.file("a.png"), cv::Mat(8, 8, CV_8UC3, cv::Scalar(1, 2, 3)));
  test::write_bytes(dir.file("a.txt"), sixty_eight_points());
  const FaceImage face = read_face_image(dir.file("a.png"));
  EXPECT_EQ(face.rgb.size(), cv::Size(8, 8));
  ASSERT_EQ(face.landmarks.size(), 68u);
  EXPECT_EQ(face.landmarks[67], cv::Point2f(67, 134.5f));
}

TEST(FaceImage, AnImageWithoutAFileHasNoLandmarks) {
  const test::ScratchDir dir;
  write_rgb8(dir.file("b.png"), cv::Mat(8, 8, CV_8UC3, cv::Scalar(1, 2, 3)));
  EXPECT_TRUE(read_face_image(dir.file("b.png")).landmarks.empty());
}

TEST(FaceImage, AMalformedLandmarkFileNamesItself) {
  const test::ScratchDir dir;
  write_rgb8(dir.file("c.png"), cv::Mat(8, 8, CV_8UC3, cv::Scalar(1, 2, 3)));
  test::write_bytes(dir.file("c.txt"), "1 2\n3 4\n");
  try {
    read_face_image(dir.file("c.png"));
    FAIL() << "a 2-point file was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("c.txt"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace facesr::training
