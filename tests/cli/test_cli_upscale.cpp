// `facesr upscale` end to end through the binary: outputs land where asked,
// bad items are skipped and reported, and mistakes get one clear line.
#include <gtest/gtest.h>

#include <fstream>
#include <opencv2/core.hpp>

#include "cli_runner.h"
#include "io/image.h"

using namespace facesr::test;

namespace {

std::string images(const std::string& name) { return fixture("images/" + name).string(); }

}  // namespace

TEST(CliUpscale, BicubicBaselineReproducesPillow) {
  ScratchDir dir;
  const auto r = run_cli("upscale -m bicubic -i " + images("lr16_00.png") + " " + images("lr16_03.png") + " -o " + dir.file("out"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* id : {"00", "03"}) {
    const cv::Mat sr = facesr::read_rgb8(dir.file(std::string("out/lr16_") + id + ".png"));
    const cv::Mat expected = facesr::read_rgb8(images(std::string("bicubic128_") + id + ".png"));
    EXPECT_EQ(cv::norm(sr, expected, cv::NORM_INF), 0.0) << id;
  }
}

TEST(CliUpscale, FolderWithABadFileSkipsItAndReportsIt) {
  ScratchDir dir;
  std::filesystem::create_directories(dir.file("in"));
  std::filesystem::copy_file(images("lr16_01.png"), dir.file("in/a.png"));
  std::filesystem::copy_file(images("lr16_02.png"), dir.file("in/c.png"));
  std::ofstream(dir.file("in/b.png")) << "not an image";
  const auto r = run_cli("upscale -m bicubic -i " + dir.file("in") + " -o " + dir.file("out") + " --suffix _sr -b 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir.file("out/a_sr.png")));
  EXPECT_TRUE(std::filesystem::exists(dir.file("out/c_sr.png")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("out/b_sr.png")));
  EXPECT_NE(r.err.find("skipped: " + dir.file("in/b.png")), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("wrote 2 face(s)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("skipped 1"), std::string::npos) << r.out;
  // Batches of 2 are read, run and written in overlap: each result still lands under its own name.
  EXPECT_EQ(cv::norm(facesr::read_rgb8(dir.file("out/a_sr.png")), facesr::read_rgb8(images("bicubic128_01.png")),
                     cv::NORM_INF), 0.0);
  EXPECT_EQ(cv::norm(facesr::read_rgb8(dir.file("out/c_sr.png")), facesr::read_rgb8(images("bicubic128_02.png")),
                     cv::NORM_INF), 0.0);
}

TEST(CliUpscale, LargerFacesAreReducedToTheModelInputFirst) {
  ScratchDir dir;
  // An HR 128 face goes through the same PIL-bicubic 128→16 the papers use.
  const auto r = run_cli("upscale -m bicubic -i " + images("hr_04.png") + " -o " + dir.path().string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const cv::Mat sr = facesr::read_rgb8(dir.file("hr_04.png"));
  EXPECT_EQ(cv::norm(sr, facesr::read_rgb8(images("bicubic128_04.png")), cv::NORM_INF), 0.0);
  // ...and the user is told so, with the command that keeps a large face's detail.
  EXPECT_NE(r.err.find("1 face(s) larger than bicubic's 16 px input"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("restore --aligned"), std::string::npos) << r.err;
}

TEST(CliUpscale, MistakesGetOneClearLine) {
  ScratchDir dir;
  const auto missing = run_cli("upscale -m bicubic -i " + dir.file("nowhere") + " -o " + dir.file("out"));
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_EQ(line_count(missing.err), 1) << missing.err;
  EXPECT_NE(missing.err.find(dir.file("nowhere")), std::string::npos) << missing.err;

  const auto unknown = run_cli("upscale -m nosuchnet -i " + images("lr16_00.png") + " -o " + dir.file("out"));
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.err.find("unknown model 'nosuchnet'"), std::string::npos) << unknown.err;

  std::ofstream(dir.file("bad.png")) << "junk";
  const auto all_bad = run_cli("upscale -m bicubic -i " + dir.file("bad.png") + " -o " + dir.file("out"));
  EXPECT_NE(all_bad.exit_code, 0);
  EXPECT_EQ(line_count(all_bad.err), 1) << all_bad.err;  // the file's own problem, said once
  EXPECT_NE(all_bad.err.find(dir.file("bad.png") + ": not a readable image"), std::string::npos) << all_bad.err;

  const auto file_as_output = run_cli("upscale -m bicubic -i " + images("lr16_00.png") + " -o " + dir.file("bad.png"));
  EXPECT_NE(file_as_output.exit_code, 0);
  EXPECT_EQ(line_count(file_as_output.err), 1) << file_as_output.err;
  EXPECT_NE(file_as_output.err.find("exists and is not a folder"), std::string::npos) << file_as_output.err;
}

// --bf16 where the CPU cannot (oneDNN capped to AVX2 here, as on AVX2-only
// machines): one line that names the missing instructions, nothing written.
TEST(CliUpscale, Bf16WithoutAvx512Bf16IsOneClearLine) {
  ScratchDir dir;
  const auto r = run_cli("upscale --bf16 -i " + images("lr16_00.png") + " -o " + dir.file("out"), "ONEDNN_MAX_CPU_ISA=AVX2");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("--bf16 needs a CPU with AVX512_BF16"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("out/lr16_00.png")));
}
