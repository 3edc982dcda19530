#include <gtest/gtest.h>

#include <fstream>

#include <opencv2/core.hpp>

#include "core/error.h"
#include "inference/face_file_pipeline.h"
#include "io/image.h"
#include "test_paths.h"

namespace facesr {
namespace {

namespace fs = std::filesystem;

cv::Mat face(int seed) {
  cv::Mat m(16, 16, CV_8UC3);
  cv::RNG(seed).fill(m, cv::RNG::UNIFORM, 0, 256);
  return m;
}

// Every face's result is its mirror image, so an output belongs to exactly one input.
std::vector<cv::Mat> mirror(const std::vector<cv::Mat>& faces) {
  std::vector<cv::Mat> out;
  for (const cv::Mat& f : faces) {
    cv::Mat m;
    cv::flip(f, m, 1);
    out.push_back(m);
  }
  return out;
}

TEST(FaceFilePipeline, WritesEachResultUnderItsInputsNameAndSkipsUnreadableOnes) {
  test::ScratchDir dir;
  std::vector<fs::path> files;
  for (int i = 0; i < 5; ++i) {
    files.push_back(dir.file("face" + std::to_string(i) + ".png"));
    write_rgb8(files.back().string(), face(i));
  }
  std::ofstream(dir.file("broken.png")) << "not a png";
  files.insert(files.begin() + 2, dir.file("broken.png"));

  OutputNaming naming{dir.file("out"), "_sr", "png"};
  std::vector<size_t> batches;
  std::vector<std::string> skipped;
  FaceFileEvents events;
  events.on_batch_done = [&](size_t n) { batches.push_back(n); };
  events.on_skipped = [&](const std::string& problem) { skipped.push_back(problem); };
  const FaceFilesResult result = process_face_files(mirror, files, naming, /*batch_size=*/4, events);

  EXPECT_EQ(result.written, 5);
  ASSERT_EQ(result.skipped.size(), 1u);
  EXPECT_NE(result.skipped[0].find("broken.png"), std::string::npos) << result.skipped[0];
  EXPECT_EQ(skipped, result.skipped);
  EXPECT_EQ(batches, (std::vector<size_t>{4, 2}));
  for (int i = 0; i < 5; ++i) {
    const cv::Mat written = read_rgb8(dir.file("out/face" + std::to_string(i) + "_sr.png"));
    EXPECT_EQ(cv::norm(written, mirror({face(i)})[0], cv::NORM_INF), 0.0) << i;
  }
  EXPECT_FALSE(fs::exists(dir.file("out/broken_sr.png")));
}

TEST(FaceFilePipeline, NothingReadableIsOneClearError) {
  test::ScratchDir dir;
  std::ofstream(dir.file("a.png")) << "x";
  std::ofstream(dir.file("b.png")) << "y";
  try {
    process_face_files(mirror, {dir.file("a.png"), dir.file("b.png")}, {dir.file("out")}, 8);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("none of the 2 inputs could be read"), std::string::npos) << e.what();
  }
}

TEST(FaceFilePipeline, ABatchFunctionThatDropsFacesIsAnError) {
  test::ScratchDir dir;
  write_rgb8(dir.file("a.png"), face(1));
  const FaceBatchFunction drops = [](const std::vector<cv::Mat>&) { return std::vector<cv::Mat>{}; };
  EXPECT_THROW(process_face_files(drops, {dir.file("a.png")}, {dir.file("out")}, 8), Error);
}

}  // namespace
}  // namespace facesr
