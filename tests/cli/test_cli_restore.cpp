// `facesr restore` end to end: group photos made of UTKFace faces come back
// upscaled with every face restored in place and nothing else changed; odd
// photos (no face, gray, alpha, 16-bit, EXIF-rotated, corrupt) are handled
// with a note, not a crash.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "cli_runner.h"
#include "io/image.h"
#include "synthetic_photo.h"
#include "utkface_faces.h"

using namespace facesr;
using namespace facesr::test;

namespace {

cv::Mat lanczos(const cv::Mat& photo, int upscale) {
  cv::Mat big;
  cv::resize(photo, big, {}, upscale, upscale, cv::INTER_LANCZOS4);
  return big;
}

cv::Rect scaled(const cv::Rect& r, int f) { return {r.x * f, r.y * f, r.width * f, r.height * f}; }

double psnr(const cv::Mat& a, const cv::Mat& b) { return cv::PSNR(a, b); }

// An input photo 4x smaller than `hr` (area-averaged), so the HR is its ground truth.
cv::Mat reduce4(const cv::Mat& hr) {
  cv::Mat lr;
  cv::resize(hr, lr, {hr.cols / 4, hr.rows / 4}, 0, 0, cv::INTER_AREA);
  return lr;
}

// Three faces, about 48 px wide in a 240x120 photo, whose 4x version is known.
struct GroupPhoto {
  cv::Mat hr;                      // 960x480
  cv::Mat photo;                   // 240x120, what the user has
  std::vector<cv::Rect> squares;   // the faces' frames in the photo
};

GroupPhoto three_faces() {
  const std::vector<cv::Rect> squares{{8, 34, 48, 48}, {96, 30, 52, 52}, {180, 40, 48, 48}};
  std::vector<cv::Rect> hr_squares;
  for (const cv::Rect& s : squares) hr_squares.push_back(scaled(s, 4));
  GroupPhoto g{group_photo({960, 480}, {3, 12, 21}, hr_squares, 6).rgb, {}, squares};
  g.photo = reduce4(g.hr);
  return g;
}

void write_png(const std::string& path, const cv::Mat& rgb) { write_rgb8(path, rgb); }

// Outside every face square (grown by `grow` photo pixels), scaled to the output.
cv::Mat background_mask(cv::Size out, const std::vector<cv::Rect>& squares, int upscale, int grow) {
  cv::Mat mask(out, CV_8U, cv::Scalar(255));
  for (const cv::Rect& s : squares)
    cv::rectangle(mask, scaled(s + cv::Point(-grow, -grow) + cv::Size(2 * grow, 2 * grow), upscale), cv::Scalar(0),
                  cv::FILLED);
  return mask;
}

int differing_pixels(const cv::Mat& a, const cv::Mat& b, const cv::Mat& mask) {
  cv::Mat diff, any;
  cv::absdiff(a, b, diff);
  cv::cvtColor(diff, any, cv::COLOR_RGB2GRAY);
  return cv::countNonZero((any > 0) & mask);
}

// A JPEG whose EXIF says "rotate 90° clockwise to display" (orientation 6),
// holding `upright` stored rotated the other way.
void write_exif_rotated_jpeg(const std::string& path, const cv::Mat& upright) {
  cv::Mat stored, bgr;
  cv::rotate(upright, stored, cv::ROTATE_90_COUNTERCLOCKWISE);
  cv::cvtColor(stored, bgr, cv::COLOR_RGB2BGR);
  std::vector<uchar> jpeg;
  cv::imencode(".jpg", bgr, jpeg, {cv::IMWRITE_JPEG_QUALITY, 95});
  // APP1 "Exif": big-endian TIFF header, one IFD entry Orientation (0x0112) SHORT = 6.
  const std::vector<uchar> app1{0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8,
                                0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0};
  std::vector<uchar> bytes(jpeg.begin(), jpeg.begin() + 2);  // SOI
  bytes.insert(bytes.end(), app1.begin(), app1.end());
  bytes.insert(bytes.end(), jpeg.begin() + 2, jpeg.end());
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

}  // namespace

TEST(CliRestore, GroupPhotoComesBackWithEveryFaceRestoredInPlaceAndNothingElseChanged) {
  ScratchDir dir;
  const GroupPhoto g = three_faces();
  write_png(dir.file("group.png"), g.photo);
  // The bundled default model.
  const auto r = run_cli("--threads 2 restore -i " + dir.file("group.png") + " -o " + dir.file("out") + " --upscale 4");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("restored 3 face(s) in 1 photo(s)"), std::string::npos) << r.out;
  const cv::Mat out = read_rgb8(dir.file("out/group.png"));
  ASSERT_EQ(out.size(), g.hr.size());
  const cv::Mat background = lanczos(g.photo, 4);

  // Beyond the faces' frames the output is exactly the Lanczos-upscaled photo.
  EXPECT_EQ(differing_pixels(out, background, background_mask(out.size(), g.squares, 4, 3)), 0);

  for (const cv::Rect& square : g.squares) {
    SCOPED_TRACE(square);
    // The face's middle (eyes to mouth), in output pixels.
    const cv::Rect s = scaled(square, 4);
    const cv::Rect core(s.x + s.width / 4, s.y + s.height / 4, s.width / 2, s.height / 2);
    // Replaced by the model's output, and about as close to the truth as the
    // plain upscale: these clean 50 px faces are where the bundled restorer
    // is near the identity, and reducing them to 16 px would cost several dB.
    EXPECT_GT(cv::norm(out(core), background(core), cv::NORM_INF), 0) << "the face was not replaced";
    EXPECT_GT(psnr(out(core), g.hr(core)), psnr(background(core), g.hr(core)) - 0.25);
    // Pasted where it belongs: the restored face matches the ground truth best
    // in place, and clearly worse one model-input pixel (a 16th of the face's
    // frame) off in any direction.
    const double in_place = psnr(out(core), g.hr(core));
    const int step = s.width / 16;
    for (const cv::Point shift : {cv::Point(step, 0), cv::Point(-step, 0), cv::Point(0, step), cv::Point(0, -step)})
      EXPECT_GT(in_place, psnr(out(core + shift), g.hr(core)) + 0.5) << shift;
  }
}

TEST(CliRestore, PhotoWithoutAFaceIsUpscaledOnlyAndSaysSo) {
  ScratchDir dir;
  write_png(dir.file("wall.png"), group_photo({120, 80}, {}, {}, 25).rgb);
  const auto r = run_cli("restore -m bicubic -i " + dir.file("wall.png") + " -o " + dir.file("out"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find(dir.file("wall.png") + ": no face found"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("1 photo(s) without a face"), std::string::npos) << r.out;
  const cv::Mat out = read_rgb8(dir.file("out/wall.png"));
  EXPECT_EQ(cv::norm(out, lanczos(read_rgb8(dir.file("wall.png")), 2), cv::NORM_INF), 0.0);
}

// A folder run again with --skip-existing restores only the photos without an output.
TEST(CliRestore, SkipExistingRestoresOnlyWhatIsMissing) {
  ScratchDir dir;
  std::filesystem::create_directories(dir.path() / "in");
  for (const char* name : {"a", "b", "c"}) write_png(dir.file(std::string("in/") + name + ".png"), group_photo({90, 70}, {}, {}, 10).rgb);
  const std::string base = "restore -m bicubic -i " + dir.file("in") + " -o " + dir.file("out") + " --skip-existing";
  ASSERT_EQ(run_cli(base).exit_code, 0);
  const cv::Mat kept = read_rgb8(dir.file("out/a.png"));
  cv::imwrite(dir.file("out/a.png"), cv::Mat(kept.size(), CV_8UC3, cv::Scalar(0, 0, 255)));  // marks a as done
  std::filesystem::remove(dir.file("out/b.png"));
  const auto again = run_cli(base);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("2 of 3 input(s) already have their output"), std::string::npos) << again.err;
  EXPECT_NE(again.out.find("in 1 photo(s)"), std::string::npos) << again.out;
  const cv::Mat red(kept.size(), CV_8UC3, cv::Scalar(255, 0, 0));  // RGB
  EXPECT_EQ(cv::norm(read_rgb8(dir.file("out/a.png")), red, cv::NORM_INF), 0.0);  // left alone
  EXPECT_TRUE(std::filesystem::exists(dir.file("out/b.png")));
  const auto none_left = run_cli(base);
  EXPECT_EQ(none_left.exit_code, 0) << none_left.err;
  EXPECT_NE(none_left.err.find("3 of 3 input(s) already have their output"), std::string::npos) << none_left.err;
}

TEST(CliRestore, GrayAlphaSixteenBitExifAndCorruptInputsInOneFolder) {
  ScratchDir dir;
  std::filesystem::create_directories(dir.file("in"));
  const GroupPhoto g = three_faces();
  cv::Mat gray, bgra, deep;
  cv::cvtColor(g.photo, gray, cv::COLOR_RGB2GRAY);
  cv::imwrite(dir.file("in/a_gray.png"), gray);
  cv::cvtColor(g.photo, bgra, cv::COLOR_RGB2BGRA);
  cv::imwrite(dir.file("in/b_alpha.png"), bgra);
  cv::Mat bgr;
  cv::cvtColor(g.photo, bgr, cv::COLOR_RGB2BGR);
  bgr.convertTo(deep, CV_16U, 257.0);
  cv::imwrite(dir.file("in/c_deep.png"), deep);
  std::ofstream(dir.file("in/d_corrupt.jpg")) << "not a photo";
  write_exif_rotated_jpeg(dir.file("in/e_rotated.jpg"), g.photo);

  const auto r = run_cli("restore -m bicubic -i " + dir.file("in") + " -o " + dir.file("out") + " --upscale 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("a_gray.png: grayscale, replicated to RGB"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("b_alpha.png: alpha channel dropped"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("c_deep.png: 16-bit, reduced to 8-bit"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("e_rotated.jpg: EXIF orientation applied"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("skipped: " + dir.file("in/d_corrupt.jpg")), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("restored 12 face(s) in 4 photo(s)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("skipped 1"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(dir.file("out/d_corrupt.jpg")));

  cv::Mat channels[3];
  cv::split(read_rgb8(dir.file("out/a_gray.png")), channels);
  EXPECT_EQ(cv::norm(channels[0], channels[2], cv::NORM_INF), 0.0) << "a gray photo stays gray";
  EXPECT_EQ(read_rgb8(dir.file("out/e_rotated.jpg")).size(), g.photo.size()) << "written upright";
}

TEST(CliRestore, SaveFacesDrawBoxesAndOnlyCenterFace) {
  ScratchDir dir;
  write_png(dir.file("group.png"), three_faces().photo);
  const std::string base = "restore -m bicubic -i " + dir.file("group.png") + " --upscale 1 -o ";
  const auto plain = run_cli(base + dir.file("plain"));
  ASSERT_EQ(plain.exit_code, 0) << plain.err;

  const auto saved = run_cli(base + dir.file("saved") + " --save-faces --suffix _r");
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  for (const char* face : {"01", "02", "03"})
    for (const char* when : {"before", "after"})
      EXPECT_EQ(read_rgb8(dir.file(std::string("saved/faces/group_r_") + face + "_" + when + ".png")).size(),
                cv::Size(128, 128));
  EXPECT_EQ(cv::norm(read_rgb8(dir.file("saved/group_r.png")), read_rgb8(dir.file("plain/group.png")), cv::NORM_INF), 0.0);

  const auto boxes = run_cli(base + dir.file("boxes") + " --draw-boxes");
  ASSERT_EQ(boxes.exit_code, 0) << boxes.err;
  EXPECT_GT(cv::norm(read_rgb8(dir.file("boxes/group.png")), read_rgb8(dir.file("plain/group.png")), cv::NORM_INF), 0.0);

  const auto centre = run_cli(base + dir.file("centre") + " --only-center-face");
  ASSERT_EQ(centre.exit_code, 0) << centre.err;
  EXPECT_NE(centre.out.find("restored 1 face(s)"), std::string::npos) << centre.out;
}

TEST(CliRestore, MistakesGetOneClearLine) {
  ScratchDir dir;
  write_png(dir.file("face.png"), three_faces().photo);
  const auto aligned = run_cli("restore -m bicubic --aligned --upscale 2 -i " + dir.file("face.png") + " -o " + dir.file("o"));
  EXPECT_NE(aligned.exit_code, 0);
  EXPECT_EQ(line_count(aligned.err), 1) << aligned.err;
  EXPECT_NE(aligned.err.find("--upscale applies to whole photos"), std::string::npos) << aligned.err;

  const auto missing = run_cli("restore -i " + dir.file("nowhere.jpg") + " -o " + dir.file("o"));
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_EQ(line_count(missing.err), 1) << missing.err;
  EXPECT_NE(missing.err.find(dir.file("nowhere.jpg")), std::string::npos) << missing.err;
}

TEST(CliRestore, TinyAndHugePhotosGetNotesNotFailures) {
  ScratchDir dir;
  write_png(dir.file("tiny.png"), group_photo({8, 8}, {}, {}, 10).rgb);
  // 8000x6000: searched on a reduced copy, and written at 1x instead of a 192-megapixel 2x.
  cv::Mat huge(6000, 8000, CV_8UC3, cv::Scalar(120, 126, 131));
  const cv::Mat face = read_rgb8(utkface_validation().at(12));
  cv::Mat big;
  cv::resize(face, big, {500, 500}, 0, 0, cv::INTER_CUBIC);
  big.copyTo(huge(cv::Rect(3000, 2000, 500, 500)));
  cv::imwrite(dir.file("huge.jpg"), huge, {cv::IMWRITE_JPEG_QUALITY, 90});  // RGB or BGR: a gray-ish photo either way
  const auto r = run_cli("--threads 2 restore -i " + dir.file("tiny.png") + " -i " + dir.file("huge.jpg") + " -o " +
                         dir.file("out"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("tiny.png: no face found"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("huge.jpg: 48-megapixel photo: faces were searched on a copy reduced"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("huge.jpg: --upscale 2 would make an output of 192 megapixels"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("restored 1 face(s) in 2 photo(s)"), std::string::npos) << r.out;
  EXPECT_EQ(read_rgb8(dir.file("out/tiny.png")).size(), cv::Size(16, 16));
  EXPECT_EQ(read_rgb8(dir.file("out/huge.jpg")).size(), cv::Size(8000, 6000));
}

TEST(CliRestore, VerboseSaysWhichModelTookEachFaceAndRouteForcesOne) {
  ScratchDir dir;
  write_png(dir.file("group.png"), three_faces().photo);
  const auto r = run_cli("--threads 2 restore -v -i " + dir.file("group.png") + " -o " + dir.file("auto"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // About 48 px faces: larger than the x8 model's 16 px input, so restored at the 128 frame.
  EXPECT_NE(r.err.find("sparnet-restore at 128 px (larger than the x8 model's 16 px input)"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("with sparnet and sparnet-restore"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("time: "), std::string::npos) << r.out;
  const auto none = run_cli("--threads 2 restore --route none -i " + dir.file("group.png") + " -o " + dir.file("none"));
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_NE(none.err.find("left as the plain upscale (--route none)"), std::string::npos) << none.err;
  EXPECT_EQ(cv::norm(read_rgb8(dir.file("none/group.png")), lanczos(three_faces().photo, 2), cv::NORM_INF), 0.0);
  const auto sr = run_cli("--threads 2 restore -v --route sr -i " + dir.file("group.png") + " -o " + dir.file("sr"));
  ASSERT_EQ(sr.exit_code, 0) << sr.err;
  EXPECT_NE(sr.err.find("sparnet at 16 px (--route sr: reduced from"), std::string::npos) << sr.err;
  const auto bad = run_cli("restore --route fastest -i " + dir.file("group.png") + " -o " + dir.file("x"));
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_EQ(line_count(bad.err), 1) << bad.err;
}

// --flip-ensemble reaches both models of the routing: a face and its mirror
// image, at the x8 model's 16 px and at the restorer's 128, come out as exact
// mirror images of each other (the networks alone are not symmetric:
// FlipEnsemble.*).
TEST(CliRestore, FlipEnsembleGivesAMirroredFaceTheMirroredResult) {
  ScratchDir dir;
  std::filesystem::create_directories(dir.file("in"));
  const cv::Mat face = utkface_face(70);
  for (const int size : {16, 128}) {
    cv::Mat sized, flipped;
    cv::resize(face, sized, {size, size}, 0, 0, cv::INTER_AREA);
    cv::flip(sized, flipped, 1);
    write_png(dir.file(fmt::format("in/{}.png", size)), sized);
    write_png(dir.file(fmt::format("in/{}_mirror.png", size)), flipped);
  }
  const auto r = run_cli("--threads 2 restore --aligned --flip-ensemble -i " + dir.file("in") + " -o " + dir.file("out"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const int size : {16, 128}) {
    const cv::Mat out = read_rgb8(dir.file(fmt::format("out/{}.png", size)));
    cv::Mat of_mirror_flipped;
    cv::flip(read_rgb8(dir.file(fmt::format("out/{}_mirror.png", size))), of_mirror_flipped, 1);
    EXPECT_EQ(out.size(), cv::Size(128, 128));
    EXPECT_EQ(cv::norm(out, of_mirror_flipped, cv::NORM_INF), 0.0) << size << " px";
  }
}
