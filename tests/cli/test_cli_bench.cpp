// `facesr bench` end to end: JSON results for inference and a training step.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_runner.h"

using namespace facesr::test;

namespace {

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

void expect_measured(const nlohmann::json& r, int batch) {
  EXPECT_EQ(r["batch"], batch);
  EXPECT_EQ(r["dtype"], "fp32");
  EXPECT_GT(r["latency_ms"].get<double>(), 0.0);
  EXPECT_GT(r["images_per_s"].get<double>(), 0.0);
  EXPECT_NEAR(r["images_per_s"].get<double>(), batch * 1e3 / r["latency_ms"].get<double>(), 1e-6);
  EXPECT_GT(r["achieved_gflops"].get<double>(), 0.0);
  EXPECT_GT(r["peak_memory_mib"].get<double>(), 0.0);
  EXPECT_EQ(r["latency_ms_all"].size(), 1u);
}

}  // namespace

TEST(CliBench, InferenceWritesJsonWithPositiveSpeed) {
  ScratchDir dir;
  const std::string json = dir.file("bench.json");
  const auto r = run_cli("bench -m sparnet-light --batch 1 --repeats 1 --warmup 0 --json " + json);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = read_json(json);
  EXPECT_EQ(j["model"], "sparnet-light");
  EXPECT_EQ(j["mode"], "inference");
  EXPECT_EQ(j["device"], "cpu");
  EXPECT_GT(j["threads"].get<int>(), 0);
  EXPECT_GT(j["gflops_per_image"].get<double>(), 1.0);  // 128×128 maps at 32+ channels
  EXPECT_DOUBLE_EQ(j["gflops_per_image"].get<double>(), 2 * j["gmacs_per_image"].get<double>());
  EXPECT_GT(j["machine"]["peak_gflops_fp32"].get<double>(), 0.0);
  EXPECT_TRUE(j.contains("tuning"));
  ASSERT_GE(j["results"].size(), 1u);
  expect_measured(j["results"][0], 1);
  // fp16 is CUDA-only: skipped on CPU with a reason, never silently.
  bool fp16_skipped = false;
  for (const auto& s : j["skipped"]) fp16_skipped |= s["dtype"] == "fp16" && !s["reason"].get<std::string>().empty();
  EXPECT_TRUE(fp16_skipped) << j["skipped"].dump();
}

TEST(CliBench, ProfileListsTheOperatorsOfOneMorePass) {
  ScratchDir dir;
  const std::string json = dir.file("profile.json");
  const auto r = run_cli("bench -m sparnet-light --batch 1 --repeats 1 --warmup 0 --dtype fp32 --tuning none --profile --json " + json);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("operator (one more pass)"), std::string::npos) << r.out;
  const auto j = read_json(json);
  ASSERT_EQ(j["results"].size(), 1u);
  int64_t conv_calls = 0;
  for (const auto& op : j["results"][0]["operators"])
    if (op["name"] == "aten::conv2d") conv_calls = op["calls"].get<int64_t>();
  EXPECT_GT(conv_calls, 10);  // every layer of the untuned network
}

TEST(CliBench, TrainingStepIsTimed) {
  ScratchDir dir;
  const std::string json = dir.file("train.json");
  const auto r = run_cli("bench -m scgan --train --batch 2 --repeats 1 --warmup 0 --dtype fp32 --json " + json);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = read_json(json);
  EXPECT_EQ(j["mode"], "train");
  ASSERT_EQ(j["results"].size(), 1u);
  expect_measured(j["results"][0], 2);
}

TEST(CliBench, ResamplerAndUnknownDtypeAreRefusedInOneLine) {
  const auto bicubic = run_cli("bench -m bicubic");
  EXPECT_NE(bicubic.exit_code, 0);
  EXPECT_NE(bicubic.err.find("no network to benchmark"), std::string::npos) << bicubic.err;
  EXPECT_EQ(line_count(bicubic.err), 1) << bicubic.err;
  const auto dtype = run_cli("bench -m scgan --dtype fp8");
  EXPECT_NE(dtype.exit_code, 0);
  EXPECT_NE(dtype.err.find("--dtype fp8"), std::string::npos) << dtype.err;
}
