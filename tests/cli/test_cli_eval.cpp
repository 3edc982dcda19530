// `facesr eval` end to end: the SR folder's scores reproduce the metric
// fixture (metrics.json), bicubic is always a row, bad pairs are reported
// without stopping the run, the report files are written, and --identity
// scores every row.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "identity/recognition_weights.h"
#include "inference/model_choice.h"
#include "io/image.h"

using namespace facesr::test;

namespace {

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

// hr/00.png.. and sr/00.png.. from the metric fixture, paired by name.
void make_pairs(const ScratchDir& dir) {
  std::filesystem::create_directories(dir.file("hr"));
  std::filesystem::create_directories(dir.file("sr"));
  for (int i = 0; i < 6; ++i) {
    const std::string id = "0" + std::to_string(i);
    std::filesystem::copy_file(fixture("images/hr_" + id + ".png"), dir.file("hr/" + id + ".png"));
    std::filesystem::copy_file(fixture("images/sr_" + id + ".png"), dir.file("sr/" + id + ".png"));
  }
}

}  // namespace

TEST(CliEval, SrFolderReproducesMetricFixture) {
  ScratchDir dir;
  make_pairs(dir);
  const auto r = run_cli("eval --hr " + dir.file("hr") + " --sr " + dir.file("sr") + " --report " + dir.file("rep"));
  ASSERT_EQ(r.exit_code, 0) << r.err;

  const auto summary = read_json(dir.file("rep/summary.json"));
  const auto expected = read_json(fixture("metrics.json").string()).at("mean");
  ASSERT_EQ(summary.at("methods").size(), 2u);
  EXPECT_EQ(summary["methods"][0]["method"], "bicubic");
  const auto& sr = summary["methods"][1];
  EXPECT_EQ(sr["images_scored"], 6);
  for (const auto& [metric, value] : expected.items()) {
    SCOPED_TRACE(metric);
    ASSERT_TRUE(sr["metrics"].contains(metric));
    const double tol = metric.find("psnr") != std::string::npos ? 1e-5 : 1e-7;
    EXPECT_NEAR(sr["metrics"][metric].get<double>(), value.get<double>(), tol);
  }
  // Bicubic SR of these faces is the PIL fixture itself, which the noisy SR set was built from.
  EXPECT_GT(summary["methods"][0]["metrics"]["sparnet_y_psnr"].get<double>(),
            sr["metrics"]["sparnet_y_psnr"].get<double>());

  EXPECT_TRUE(std::filesystem::exists(dir.file("rep/summary.md")));
  std::ifstream csv(dir.file("rep/per_image.csv"));
  int lines = 0;
  for (std::string line; std::getline(csv, line);) ++lines;
  EXPECT_EQ(lines, 1 + 2 * 6);  // header + 6 images x (bicubic, sr)

  const cv::Mat grid = facesr::read_rgb8(dir.file("rep/grid.png"));
  EXPECT_EQ(grid.cols, 4 * 128);  // LR | bicubic | sr | HR
  EXPECT_GT(grid.rows, 6 * 128);
  EXPECT_NE(r.out.find("| bicubic | 6 |"), std::string::npos) << r.out;
}

TEST(CliEval, MissingAndMisSizedPairsAreReportedNotFatal) {
  ScratchDir dir;
  make_pairs(dir);
  std::filesystem::remove(dir.file("sr/02.png"));
  cv::Mat small(64, 64, CV_8UC3, cv::Scalar(1, 2, 3));
  facesr::write_rgb8(dir.file("sr/04.png"), small);
  const auto r = run_cli("eval --hr " + dir.file("hr") + " --sr " + dir.file("sr") + " --protocol dic --report " +
                         dir.file("rep"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("02: no SR image"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("SR is 64x64 but HR is 128x128"), std::string::npos) << r.err;
  const auto summary = read_json(dir.file("rep/summary.json"));
  EXPECT_EQ(summary["methods"][1]["images_scored"], 4);
  EXPECT_EQ(summary["problems"].size(), 2u);
  EXPECT_TRUE(summary["methods"][1]["metrics"].contains("dic_y_psnr"));
  EXPECT_FALSE(summary["methods"][1]["metrics"].contains("sparnet_y_psnr"));
}

TEST(CliEval, BadArgumentsGetOneLine) {
  ScratchDir dir;
  const auto r = run_cli("eval --hr " + dir.file("none") + " --report " + dir.file("rep"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(dir.file("none")), std::string::npos);
  make_pairs(dir);
  const auto p = run_cli("eval --hr " + dir.file("hr") + " --protocol psnr42 --report " + dir.file("rep"));
  EXPECT_NE(p.exit_code, 0);
  EXPECT_EQ(line_count(p.err), 1) << p.err;
}

TEST(CliEval, BlindDegradationScoresTheRestorationModelAgainstItsInput) {
  ScratchDir dir;
  make_pairs(dir);
  const std::string base = "--threads 2 eval --hr " + dir.file("hr") + " -w " + facesr::bundled_restorer_weights() +
                           " --degrade blind --grid-rows 0 --protocol sparnet --report ";
  const auto r = run_cli(base + dir.file("rep") + " --seed 7");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto summary = read_json(dir.file("rep/summary.json"));
  ASSERT_EQ(summary.at("methods").size(), 2u);
  EXPECT_EQ(summary["methods"][1]["method"], "sparnet-restore");
  EXPECT_NE(summary.dump().find("the 'blind' degradation"), std::string::npos) << summary.dump();
  const auto psnr = [&](const std::string& rep, int method) {
    return read_json(dir.file(rep + "/summary.json"))["methods"][method]["metrics"]["sparnet_y_psnr"].get<double>();
  };
  // The bicubic row is the degraded input itself; the restoration model improves on it.
  EXPECT_GT(psnr("rep", 1), psnr("rep", 0));
  // The same seed gives the same inputs; another seed other ones.
  const auto again = run_cli(base + dir.file("again") + " --seed 7");
  const auto other = run_cli(base + dir.file("other") + " --seed 8");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  ASSERT_EQ(other.exit_code, 0) << other.err;
  EXPECT_EQ(psnr("rep", 0), psnr("again", 0));
  EXPECT_NE(psnr("rep", 0), psnr("other", 0));

  const auto refused = run_cli("eval --lr " + dir.file("hr") + " --degrade blind --report " + dir.file("x"));
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_EQ(line_count(refused.err), 1) << refused.err;
}

TEST(CliEval, SavedImagesScoreAgainAsTheyWereScored) {
  ScratchDir dir;
  make_pairs(dir);
  const auto r = run_cli("--threads 2 eval --hr " + dir.file("hr") + " -w " + facesr::bundled_restorer_weights() +
                         " --degrade blind --seed 3 --grid-rows 0 --protocol sparnet --save-images --report " +
                         dir.file("rep"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto first = read_json(dir.file("rep/summary.json"));
  for (const std::string folder : {"input", "bicubic", "sparnet-restore"}) {
    SCOPED_TRACE(folder);
    for (int i = 0; i < 6; ++i) {
      const cv::Mat image = facesr::read_rgb8(dir.file("rep/images/" + folder + "/0" + std::to_string(i) + ".png"));
      EXPECT_EQ(image.size(), cv::Size(128, 128));
    }
  }
  // Scoring the saved files against the same faces gives the numbers the run gave:
  // the restored faces its model row, the inputs (the degraded faces) its bicubic row.
  const auto rescore = [&](const std::string& folder) {
    const auto again = run_cli("eval --hr " + dir.file("hr") + " --sr " + dir.file("rep/images/" + folder) +
                               " --grid-rows 0 --protocol sparnet --report " + dir.file("again-" + folder));
    EXPECT_EQ(again.exit_code, 0) << again.err;
    return read_json(dir.file("again-" + folder + "/summary.json"))["methods"][1]["metrics"]["sparnet_y_psnr"]
        .get<double>();
  };
  const double restored = rescore("sparnet-restore"), input = rescore("input");
  EXPECT_NEAR(restored, first["methods"][1]["metrics"]["sparnet_y_psnr"].get<double>(), 1e-9);
  EXPECT_NEAR(input, first["methods"][0]["metrics"]["sparnet_y_psnr"].get<double>(), 1e-9);
  EXPECT_NE(input, restored);
}

TEST(CliEval, IdentityScoresEveryRowPerImageAndInTheSummary) {
  if (const auto why = missing_recognition_weights()) GTEST_SKIP() << *why;
  ScratchDir dir;
  make_pairs(dir);
  // The HR faces scored as their own SR: the same person, exactly.
  const auto r = run_cli("--threads 2 eval --hr " + dir.file("hr") + " --sr " + dir.file("hr") +
                         " --identity --protocol sparnet --grid-rows 0 --report " + dir.file("rep"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto summary = read_json(dir.file("rep/summary.json"));
  ASSERT_EQ(summary.at("methods").size(), 2u);
  const auto& bicubic = summary["methods"][0]["metrics"];
  const auto& itself = summary["methods"][1]["metrics"];
  EXPECT_GT(itself["identity_cosine"].get<double>(), 0.9999);
  EXPECT_LT(itself["identity_dlib_distance"].get<double>(), 1e-3);
  EXPECT_EQ(itself["identity_same_person"].get<double>(), 1.0);
  // 16 px faces brought back with bicubic lose some identity, but not all of it.
  EXPECT_LT(bicubic["identity_cosine"].get<double>(), 0.99);
  EXPECT_GT(bicubic["identity_cosine"].get<double>(), 0.5);
  EXPECT_GT(bicubic["identity_dlib_distance"].get<double>(), 0.05);
  EXPECT_NE(summary.dump().find("dlib's face-recognition ResNet"), std::string::npos);
  EXPECT_NE(r.out.find("identity_cosine"), std::string::npos) << r.out;

  std::ifstream csv(dir.file("rep/per_image.csv"));
  std::string header;
  std::getline(csv, header);
  EXPECT_NE(header.find("identity_cosine,identity_dlib_distance,identity_same_person"), std::string::npos) << header;
  int lines = 1;
  for (std::string line; std::getline(csv, line);) ++lines;
  EXPECT_EQ(lines, 1 + 2 * 6);

  const auto refused = run_cli("eval --lr " + dir.file("hr") + " --identity --report " + dir.file("x"));
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_EQ(line_count(refused.err), 1) << refused.err;
  EXPECT_NE(refused.err.find("--identity need --hr"), std::string::npos) << refused.err;
}
