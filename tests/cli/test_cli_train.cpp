// `facesr train` end to end on a small slice of UTKFace: the loss goes down
// and the exported weights work with `facesr upscale` (interruptions:
// test_cli_interrupts.cpp).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <array>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/train_runs.h"
#include "cli_runner.h"
#include "io/image_files.h"
#include "io/safetensors.h"
#include "test_paths.h"

namespace facesr::test {
namespace {

namespace fs = std::filesystem;

const std::string kTiny = tiny_sparnet_shell_settings();

TEST(CliTrain, ShortRunLowersValidationLossAndExportsUsableWeights) {
  ScratchDir dir;
  const std::string data = face_folder(dir, 72);
  const std::string run = dir.file("run");
  const auto r = run_cli("--threads 2 train sparnet-tiny --data " + data + " -o " + run + kTiny +
                         " --set iterations=120 --set val_every=60 --set lr=1e-3");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto vals = log_records(run, "val");
  ASSERT_GE(vals.size(), 3u);  // before training, at 60, at 120
  EXPECT_EQ(vals.front().at("step"), 0);
  EXPECT_LT(vals.back().at("val_l1").get<double>(), 0.8 * vals.front().at("val_l1").get<double>());
  EXPECT_GT(vals.back().at("val_psnr").get<double>(), vals.front().at("val_psnr").get<double>());
  EXPECT_FALSE(log_records(run, "train").empty());
  EXPECT_TRUE(fs::exists(run + "/samples/step_0000120.png"));

  // The exported generator names its own architecture: no -m needed.
  const auto up = run_cli("upscale -w " + run + "/model.safetensors -i " + fixture("images/lr16_00.png").string() +
                          " -o " + dir.file("sr"));
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_TRUE(fs::exists(dir.file("sr/lr16_00.png")));
}

TEST(CliTrain, ClearErrorsForBadRuns) {
  ScratchDir dir;
  const auto missing = run_cli("train sparnet-tiny --data " + dir.file("nowhere") + " -o " + dir.file("r"));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no such folder"), std::string::npos) << missing.err;
  const auto nothing = run_cli("train sparnet-tiny --data " + face_folder(dir, 10) + " -o " + dir.file("r") +
                               " --resume --set val_count=2");
  EXPECT_EQ(nothing.exit_code, 1);
  EXPECT_NE(nothing.err.find("nothing to resume"), std::string::npos) << nothing.err;
  const auto bad = run_cli("train sparnet-tiny --data x --set bogus=1");
  EXPECT_NE(bad.err.find("unknown key 'bogus'"), std::string::npos) << bad.err;
}

// A crashed run is resumed with a short command: the run's own recipe (model
// shape, lr, schedule, validation split) comes back from its recipe.json, and
// only what this command sets changes.
TEST(CliTrain, ResumeKeepsTheRecipeTheRunStartedWith) {
  ScratchDir dir;
  const std::string data = face_folder(dir, 12);
  const std::string run = dir.file("run");
  const auto first = run_cli("--threads 2 train sparnet-tiny --data " + data + " -o " + run + kTiny +
                             " --set iterations=2 --set checkpoint_every=1 --set log_every=1 --set lr=3e-4 --set seed=9");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto second = run_cli("--threads 2 train sparnet-tiny --data " + data + " -o " + run +
                              " --set iterations=3 --resume");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.err.find("resuming with the run's lr: 0.0003"), std::string::npos) << second.err;
  nlohmann::json resumed;
  for (const auto& note : log_records(run, "note"))
    if (note.value("event", "") == "resume") resumed = note.at("recipe");
  ASSERT_TRUE(resumed.is_object());
  EXPECT_EQ(resumed.at("lr").get<double>(), 3e-4);
  EXPECT_EQ(resumed.at("seed").get<int>(), 9);
  EXPECT_EQ(resumed.at("val_count").get<int>(), 8);
  EXPECT_EQ(resumed.at("model_options").at("max_ch").get<int>(), 16);
  EXPECT_EQ(resumed.at("iterations").get<int>(), 3);  // this command's --set
  EXPECT_EQ(log_records(run, "train").back().at("step").get<int>(), 3);

  const auto other = run_cli("train sparnet --data " + data + " -o " + run + " --resume");
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_NE(other.err.find("this run trains recipe 'sparnet-tiny', not 'sparnet'"), std::string::npos) << other.err;
}

}  // namespace
}  // namespace facesr::test

namespace facesr::test {
namespace {

TEST(CliTrain, DicRecipeTrainsWithLandmarkTargetsAndExports) {
  ScratchDir dir;
  const std::string data = face_folder(dir, 6);
  const std::string run = dir.file("dic");
  const auto r = run_cli("--threads 2 train dic --data " + data + " -o " + run +
                         " --set model_options={\\\"num_groups\\\":3} --set batch_size=2 --set iterations=2"
                         " --set val_count=2 --set log_every=1 --set workers=1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto train = log_records(run, "train");
  ASSERT_EQ(train.size(), 2u);
  EXPECT_GT(train.front().at("align").get<double>(), 0);
  EXPECT_GT(train.front().at("l1").get<double>(), 0);
  const auto up = run_cli("upscale -w " + run + "/model.safetensors -i " + fixture("images/lr16_00.png").string() +
                          " -o " + dir.file("sr"));
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_NE(up.out.find("dic:"), std::string::npos) << up.out;
}

TEST(CliTrain, EipnetRecipeResumesBothNetworksAndExports) {
  ScratchDir dir;
  const std::string data = face_folder(dir, 6);
  const std::string run = dir.file("eipnet");
  const std::string common = "--threads 2 train eipnet --data " + data + " -o " + run +
                             " --set val_count=2 --set log_every=1 --set workers=1";
  const auto first = run_cli(common + " --set iterations=2");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  // The checkpoint holds G, D and both optimisers; resuming restores them all.
  const auto ckpt = safetensors::File::open(run + "/checkpoint.safetensors").tensors();
  EXPECT_TRUE(ckpt.count("D.net.dense_1.weight"));
  EXPECT_TRUE(ckpt.count("D.adam.0.exp_avg"));
  const auto second = run_cli(common + " --set iterations=3 --resume");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const auto train = log_records(run, "train");
  ASSERT_EQ(train.size(), 3u);
  EXPECT_EQ(train.back().at("step").get<int>(), 3);
  for (const char* key : {"lce", "edge", "adv", "d"}) EXPECT_GT(train.back().at(key).get<double>(), 0) << key;
  const auto up = run_cli("upscale -w " + run + "/model.safetensors -i " + fixture("images/lr16_00.png").string() +
                          " -o " + dir.file("sr"));
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_NE(up.out.find("eipnet:"), std::string::npos) << up.out;
}

TEST(CliTrain, ScganRecipeTakesTheUnpairedLrFolder) {
  ScratchDir dir;
  const std::string data = face_folder(dir, 6);
  const std::string run = dir.file("scgan");
  const std::string common = "--threads 2 train scgan --data " + data + " -o " + run +
                             " --set batch_size=2 --set iterations=1 --set val_count=2 --set workers=1";
  const auto missing = run_cli(common);
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("--lr-data"), std::string::npos) << missing.err;
  const auto r = run_cli(common + " --lr-data " + fixture("images").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto train = log_records(run, "train");
  ASSERT_EQ(train.size(), 1u);
  EXPECT_GT(train.front().at("g_dsl").get<double>(), 0);
  const auto up = run_cli("upscale -w " + run + "/model.safetensors -i " + fixture("images/lr16_00.png").string() +
                          " -o " + dir.file("sr"));
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_NE(up.out.find("scgan:"), std::string::npos) << up.out;
}

// Runs `facesr train sparnet-tiny` as ranks 0 and 1 of a loopback group with
// each rank's extra arguments; returns each rank's output, expecting exit 0.
std::vector<std::string> run_two_ranks(const std::string& data, const std::string& run,
                                       const std::array<std::string, 2>& extra) {
  const int port = 29500 + ::getpid() % 1000;
  std::vector<FILE*> ranks;
  for (int rank = 0; rank < 2; ++rank) {
    const std::string cmd = fmt::format(
        "RANK={0} LOCAL_RANK={0} WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT={1} {2} --threads 1 train sparnet-tiny "
        "--data {3} -o {4}{5} --set iterations=6 --set val_every=1000 --set log_every=1 {6} 2>&1",
        rank, port, FACESR_CLI_PATH, data, run, kTiny, extra[rank]);
    ranks.push_back(::popen(cmd.c_str(), "r"));
  }
  std::vector<std::string> outputs;
  for (FILE* p : ranks) {
    std::string out;
    std::array<char, 4096> buf{};
    for (size_t n; (n = std::fread(buf.data(), 1, buf.size(), p)) > 0;) out.append(buf.data(), n);
    EXPECT_EQ(WEXITSTATUS(::pclose(p)), 0) << out;
    outputs.push_back(out);
  }
  return outputs;
}

int rank1_train_steps(const std::string& run) {
  std::ifstream other(run + "/log.rank1.jsonl");
  int steps = 0;
  for (std::string line; std::getline(other, line);) steps += nlohmann::json::parse(line).value("kind", "") == "train";
  return steps;
}

TEST(CliTrain, TwoProcessDataParallelRunTrainsOneModel) {
  ScratchDir dir;
  const std::string data = face_folder(dir, 40);
  const std::string run = dir.file("ddp");
  run_two_ranks(data, run, {"", ""});
  // Both ranks stepped 6 times on different shards; only rank 0 wrote the model.
  const auto main_log = log_records(run, "train");
  ASSERT_EQ(main_log.size(), 6u);
  EXPECT_EQ(rank1_train_steps(run), 6);
  EXPECT_TRUE(fs::exists(run + "/model.safetensors"));
  EXPECT_FALSE(fs::exists(run + "/log.rank0.jsonl"));
}

TEST(CliTrain, OneRanksTimeLimitStopsBothAtTheSameStep) {
  ScratchDir dir;
  const std::string data = face_folder(dir, 40);
  const std::string run = dir.file("ddp");
  // Only rank 1 has a limit (a few milliseconds): it stops after its first step, and rank 0 with it.
  const auto outputs = run_two_ranks(data, run, {"", "--max-minutes 0.0001"});
  EXPECT_NE(outputs[0].find("stopped at step 1 (another rank stopped)"), std::string::npos) << outputs[0];
  EXPECT_NE(outputs[1].find("stopped at step 1 (time limit)"), std::string::npos) << outputs[1];
  EXPECT_EQ(log_records(run, "train").size(), 1u);
  EXPECT_EQ(rank1_train_steps(run), 1);
  EXPECT_TRUE(fs::exists(run + "/checkpoint.safetensors"));
}

}  // namespace
}  // namespace facesr::test
