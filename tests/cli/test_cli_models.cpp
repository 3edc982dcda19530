// The zoo through the CLI: listing with parameter counts, and running a
// network from a weights file in upscale and eval.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "io/image.h"
#include "models/registry.h"
#include "weights/fill_v1.h"
#include "weights/state_dict.h"

using namespace facesr::test;

namespace {

// SPARNet with fill-v1 weights, saved the way the converter tags files.
std::string sparnet_weights(const ScratchDir& dir) {
  auto net = facesr::find_model("sparnet").make(facesr::ModelOptions::object());
  facesr::fill::fill_module(*net, 20261122);
  const std::string path = dir.file("sparnet.safetensors");
  facesr::save_weights(*net, path, {{"facesr_arch", "sparnet"}});
  return path;
}

}  // namespace

TEST(CliModels, ListsEveryModelWithItsParameterCount) {
  const auto r = run_cli("models");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("10,518,867"), std::string::npos) << r.out;  // SPARNet, as in its paper's README
  EXPECT_NE(r.out.find("24,404,917"), std::string::npos) << r.out;  // CTCNet, registered parameters
  for (const auto& spec : facesr::model_zoo()) EXPECT_NE(r.out.find(spec.name), std::string::npos) << spec.name;
}

// --threads is global; it is accepted after the subcommand too.
TEST(CliModels, UpscaleAndEvalRunANetworkFromWeights) {
  ScratchDir dir;
  const std::string weights = sparnet_weights(dir);
  const std::string lr = fixture("images/lr16_02.png").string();
  const auto up = run_cli("upscale --threads 2 -m sparnet -w " + weights + " -i " + lr + " -o " + dir.file("out"));
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(facesr::read_rgb8(dir.file("out/lr16_02.png")).rows, 128);

  std::filesystem::create_directories(dir.file("hr"));
  for (int i = 0; i < 3; ++i)
    std::filesystem::copy_file(fixture("images/hr_0" + std::to_string(i) + ".png"),
                               dir.file("hr/" + std::to_string(i) + ".png"));
  const auto ev = run_cli("--threads 2 eval -m sparnet -w " + weights + " --hr " + dir.file("hr") +
                          " --protocol sparnet --report " + dir.file("rep"));
  ASSERT_EQ(ev.exit_code, 0) << ev.err;
  std::ifstream in(dir.file("rep/summary.json"));
  const auto summary = nlohmann::json::parse(in);
  ASSERT_EQ(summary["methods"].size(), 2u);
  EXPECT_EQ(summary["methods"][1]["method"], "sparnet");
  EXPECT_EQ(summary["methods"][1]["images_scored"], 3);
  EXPECT_GT(summary["methods"][1]["images_per_second"].get<double>(), 0.0);
}

TEST(CliModels, WeightsForAnotherModelAreRefused) {
  ScratchDir dir;
  const std::string weights = sparnet_weights(dir);
  const auto r = run_cli("upscale -m ctcnet -w " + weights + " -i " + fixture("images/lr16_02.png").string() +
                         " -o " + dir.file("out"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("weights are for 'sparnet', not 'ctcnet'"), std::string::npos) << r.err;
  const auto none = run_cli("upscale -m sparnet -i " + fixture("images/lr16_02.png").string() + " -o " + dir.file("o"));
  EXPECT_NE(none.exit_code, 0);
  EXPECT_NE(none.err.find("needs -w"), std::string::npos) << none.err;
}

TEST(CliEvalQuality, LandmarksAndNoReferenceScores) {
  ScratchDir dir;
  std::filesystem::create_directories(dir.file("hr"));
  const auto helen = shared_dir() / "data/300w_train/helen";
  for (const char* stem : {"100032540_1", "100040721_1"})
    for (const char* ext : {".png", ".txt"})
      std::filesystem::copy_file(helen / (std::string(stem) + ext), dir.file("hr/" + std::string(stem) + ext));
  const auto r = run_cli("eval --hr " + dir.file("hr") + " --landmarks --brisque --report " + dir.file("rep"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(dir.file("rep/summary.json"));
  const auto summary = nlohmann::json::parse(in);
  const auto& bicubic = summary["methods"][0]["metrics"];
  EXPECT_GT(bicubic["landmark_nme"].get<double>(), 0.0);
  EXPECT_GT(bicubic["brisque"].get<double>(), 0.0);
  EXPECT_NE(summary["notes"][0].get<std::string>().find("2 references from .txt files"), std::string::npos);

  const auto lr = run_cli("eval --lr " + fixture("images").string() + " --limit 2 --report " + dir.file("rep_lr"));
  ASSERT_EQ(lr.exit_code, 0) << lr.err;
  std::ifstream in_lr(dir.file("rep_lr/summary.json"));
  const auto lr_summary = nlohmann::json::parse(in_lr);
  const auto& metrics = lr_summary["methods"][0]["metrics"];
  EXPECT_TRUE(metrics.contains("brisque"));
  EXPECT_FALSE(metrics.contains("sparnet_y_psnr"));
}
