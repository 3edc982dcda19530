// Whole photos file by file (photo_files.h): each readable photo written
// under its own name with notes on its faces, the rest skipped and reported.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include "core/error.h"
#include "inference/face_upscaler.h"
#include "inference/model_choice.h"
#include "io/image.h"
#include "photo/photo_files.h"
#include "synthetic_photo.h"
#include "test_paths.h"

namespace facesr {
namespace {

namespace fs = std::filesystem;

bool contains(const std::vector<std::string>& lines, const std::string& a, const std::string& b) {
  for (const std::string& l : lines)
    if (l.find(a) != std::string::npos && l.find(b) != std::string::npos) return true;
  return false;
}

int green_pixels(const cv::Mat& rgb) {
  cv::Mat mask;
  cv::inRange(rgb, cv::Scalar(0, 255, 0), cv::Scalar(0, 255, 0), mask);
  return cv::countNonZero(mask);
}

struct Folder {
  test::ScratchDir dir;
  std::vector<fs::path> files{dir.file("a.png"), dir.file("b.png"), dir.file("c.png")};
  Folder() {
    const std::vector<cv::Rect> squares{{10, 20, 60, 60}, {110, 24, 56, 56}};
    write_rgb8(files[0].string(), test::group_photo({190, 110}, {3, 12}, squares, 4).rgb);  // two faces
    write_rgb8(files[1].string(), test::group_photo({120, 80}, {}, {}, 25).rgb);            // none
    test::write_bytes(files[2].string(), "not an image");
  }
};

TEST(PhotoFiles, WritesEveryReadablePhotoWithNotesAndSkipsTheRest) {
  FaceUpscaler restorer = FaceUpscaler::open("", bundled_restorer_weights(), torch::kCPU);
  const PhotoRestorer photos(nullptr, &restorer, {});
  Folder in;
  const OutputNaming naming{in.dir.file("out"), "_x", "png"};
  std::vector<std::string> notes, routes, skipped;
  int done = 0;
  PhotoFileEvents events;
  events.on_note = [&](const std::string& n) { notes.push_back(n); };
  events.on_face_routed = [&](const std::string& r) { routes.push_back(r); };
  events.on_skipped = [&](const std::string& s) { skipped.push_back(s); };
  events.on_file_done = [&] { ++done; };

  const PhotoFilesResult r = process_photo_files(photos, in.files, naming, {false, true}, events);

  EXPECT_EQ(r.photos, 2);
  EXPECT_EQ(r.faces, 2);
  EXPECT_EQ(r.faceless, 1);
  EXPECT_EQ(done, 3);
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_NE(r.skipped[0].find("c.png"), std::string::npos) << r.skipped[0];
  EXPECT_EQ(skipped, r.skipped);
  EXPECT_TRUE(contains(notes, "b.png", "no face found")) << ::testing::PrintToString(notes);
  ASSERT_EQ(routes.size(), 2u) << ::testing::PrintToString(routes);
  EXPECT_TRUE(contains(routes, "a.png: face 1", "sparnet-restore"));
  EXPECT_TRUE(contains(routes, "a.png: face 2", "sparnet-restore"));

  EXPECT_EQ(read_rgb8(in.dir.file("out/a_x.png")).size(), cv::Size(380, 220));
  EXPECT_EQ(read_rgb8(in.dir.file("out/b_x.png")).size(), cv::Size(240, 160));
  EXPECT_FALSE(fs::exists(in.dir.file("out/c_x.png")));
  for (const char* face : {"a_x_01", "a_x_02"})
    for (const char* when : {"_before.png", "_after.png"})
      EXPECT_TRUE(fs::exists(in.dir.path() / "out/faces" / (std::string(face) + when))) << face << when;
  EXPECT_GT(r.seconds.detect, 0);
  EXPECT_GT(r.seconds.network, 0);
  EXPECT_GT(r.seconds.paste, 0);
}

TEST(PhotoFiles, DrawsTheDetectionsOnlyWhenAsked) {
  const PhotoRestorer photos(nullptr, nullptr, {});  // faces left as the plain upscale
  Folder in;
  std::vector<std::string> notes;
  PhotoFileEvents events;
  events.on_note = [&](const std::string& n) { notes.push_back(n); };
  process_photo_files(photos, {in.files[0]}, {in.dir.file("plain")}, {false, false}, events);
  process_photo_files(photos, {in.files[0]}, {in.dir.file("boxes")}, {true, false});
  EXPECT_TRUE(contains(notes, "face 1", "left as the plain upscale")) << ::testing::PrintToString(notes);
  EXPECT_EQ(green_pixels(read_rgb8(in.dir.file("plain/a.png"))), 0);
  EXPECT_GT(green_pixels(read_rgb8(in.dir.file("boxes/a.png"))), 100);
  EXPECT_FALSE(fs::exists(in.dir.file("boxes/faces")));
}

TEST(PhotoFiles, NoReadableInputIsOneErrorNamingIt) {
  const PhotoRestorer photos(nullptr, nullptr, {});
  Folder in;
  try {
    process_photo_files(photos, {in.files[2]}, {in.dir.file("out")}, {});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("c.png"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace facesr
