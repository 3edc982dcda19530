// The face folder: the validation split by name, and the sharpness filter
// that keeps blurry photos from being training targets.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "core/error.h"
#include "io/image.h"
#include "test_paths.h"
#include "training/face_folder.h"

using namespace facesr;
using namespace facesr::training;

TEST(FaceFolder, SharpnessFilterDropsBlurredCopiesAndKeepsTheRest) {
  test::ScratchDir dir;
  const cv::Mat face =
      read_rgb8((test::shared_dir() / "data/300w_train/helen/100032540_1.png").string());
  cv::Mat blurred;
  cv::GaussianBlur(face, blurred, {0, 0}, 2.5);
  EXPECT_GT(face_sharpness(face, 128), 4 * face_sharpness(blurred, 128));

  write_rgb8(dir.file("a_sharp.png"), face);
  write_rgb8(dir.file("b_blurred.png"), blurred);
  write_rgb8(dir.file("c_sharp.png"), face);
  test::write_bytes(dir.file("d_broken.png"), "not an image");
  write_rgb8(dir.file("e_blurred.png"), blurred);
  const FaceSplit split = split_face_folder(dir.path(), 1);
  ASSERT_EQ(split.train.size(), 4u);
  ASSERT_EQ(split.val.size(), 1u);
  const double threshold = (face_sharpness(face, 128) + face_sharpness(blurred, 128)) / 2;
  const auto kept = sharp_faces(split.train, 128, threshold);
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_EQ(kept[0].filename(), "a_sharp.png");
  EXPECT_EQ(kept[1].filename(), "c_sharp.png");
  EXPECT_EQ(kept[2].filename(), "d_broken.png");  // the sample stream reports it
}
