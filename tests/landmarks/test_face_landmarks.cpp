// dlib's detector and 68-point predictor on real faces with 300-W ground
// truth, and the landmark file reader.
#include <gtest/gtest.h>

#include <fstream>

#include "core/error.h"
#include "io/image.h"
#include "landmarks/face_landmarks.h"
#include "landmarks/landmark_file.h"
#include "metrics/landmark_error.h"
#include "test_paths.h"

using namespace facesr;

namespace {

std::string helen(const std::string& file) { return (test::shared_dir() / "data/300w_train/helen" / file).string(); }

}  // namespace

TEST(FaceLandmarks, PredictionsAgreeWithGroundTruthOnHelenFaces) {
  const LandmarkPredictor predictor;
  for (const char* stem : {"100032540_1", "100040721_1", "10405146_1"}) {
    SCOPED_TRACE(stem);
    const cv::Mat face = read_rgb8(helen(std::string(stem) + ".png"));
    const Landmarks truth = read_landmark_file(helen(std::string(stem) + ".txt"));
    const cv::Rect box = predictor.detect_face(face);
    ASSERT_FALSE(box.empty());
    const Landmarks found = predictor.predict(face, box);
    ASSERT_EQ(found.size(), 68u);
    EXPECT_LT(metrics::normalized_mean_error(found, truth), 0.15);
  }
}

TEST(FaceLandmarks, NoFaceInAFlatImage) {
  const LandmarkPredictor predictor;
  EXPECT_TRUE(predictor.detect_face(cv::Mat(128, 128, CV_8UC3, cv::Scalar(90, 90, 90))).empty());
}

TEST(FaceLandmarks, MissingModelIsAClearError) {
  EXPECT_THROW(LandmarkPredictor("/nonexistent/predictor.dat"), Error);
}

TEST(LandmarkFile, RejectsMalformedFiles) {
  test::ScratchDir dir;
  std::ofstream(dir.file("short.txt")) << "1 2\n3 4\n";
  EXPECT_THROW(read_landmark_file(dir.file("short.txt")), Error);
  std::ofstream(dir.file("words.txt")) << "one two\n";
  EXPECT_THROW(read_landmark_file(dir.file("words.txt")), Error);
  EXPECT_THROW(read_landmark_file(dir.file("absent.txt")), Error);
}

// Hard limits: a file far larger than 68 points is refused without reading it
// all into memory, and a 69th point is an error, not ignored.
TEST(LandmarkFile, RefusesHugeFilesAndExtraPoints) {
  test::ScratchDir dir;
  {
    std::ofstream extra(dir.file("69.txt"));
    for (int i = 0; i < 69; ++i) extra << i << " " << i << "\n";
  }
  try {
    read_landmark_file(dir.file("69.txt"));
    ADD_FAILURE() << "69 points must throw";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("more than 68 points"), std::string::npos) << e.what();
  }
  std::ofstream(dir.file("huge.txt")) << std::string(2 << 20, '1');  // one 2 MiB line
  try {
    read_landmark_file(dir.file("huge.txt"));
    ADD_FAILURE() << "a 2 MiB file must throw";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("bytes; a 68-point landmark file"), std::string::npos) << e.what();
  }
}
