// run_network_bench (network_bench.h) called directly: the events arrive in
// order and agree with the report; what cannot be measured is skipped with
// its reason, and a request that can measure nothing is one clear error.
#include <gtest/gtest.h>

#include "bench/machine.h"
#include "bench/network_bench.h"
#include "core/error.h"

namespace facesr::bench {
namespace {

NetworkBenchOptions quick(std::vector<std::string> dtypes) {
  NetworkBenchOptions o;
  o.model = "sparnet-light";
  o.batches = {1, 2};
  o.dtypes = std::move(dtypes);
  o.repeats = 1;
  o.warmup = 0;
  return o;
}

std::string error_of(const NetworkBenchOptions& o) {
  try {
    run_network_bench(o);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(NetworkBench, EventsFollowTheMeasurementsAndMatchTheReport) {
  std::vector<std::string> order;
  NetworkBenchEvents events;
  events.on_start = [&](const nlohmann::json& report) {
    order.push_back("start");
    EXPECT_TRUE(report["results"].empty());
    EXPECT_GT(report["gflops_per_image"].get<double>(), 0.0);
  };
  events.on_result = [&](const nlohmann::json& r) { order.push_back("result " + std::to_string(r["batch"].get<int>())); };
  events.on_skip = [&](const std::string& dtype, const std::string& why) { order.push_back("skip " + dtype + ": " + why); };

  const nlohmann::json report = run_network_bench(quick({"fp16", "fp32"}), events);

  const std::vector<std::string> expected{"start", "skip fp16: fp16 is measured on CUDA only", "result 1", "result 2"};
  EXPECT_EQ(order, expected);
  ASSERT_EQ(report["results"].size(), 2u);
  for (const auto& r : report["results"]) {
    EXPECT_EQ(r["dtype"], "fp32");
    EXPECT_NEAR(r["images_per_s"].get<double>(), r["batch"].get<int>() * 1e3 / r["latency_ms"].get<double>(), 1e-6);
  }
  ASSERT_EQ(report["skipped"].size(), 1u);
  EXPECT_EQ(report["skipped"][0]["dtype"], "fp16");
  EXPECT_EQ(report["mode"], "inference");
}

TEST(NetworkBench, TrainingStepsAreFp32AndNameTheirConvolutions) {
  NetworkBenchOptions o = quick({"fp32", "bf16"});
  o.train = true;
  o.tuning = "none";
  o.batches = {2};
  const nlohmann::json report = run_network_bench(o);
  EXPECT_EQ(report["mode"], "train");
  EXPECT_EQ(report["tuning"], "none");
  ASSERT_EQ(report["results"].size(), 1u);
  EXPECT_GT(report["results"][0]["images_per_s"].get<double>(), 0.0);
  ASSERT_EQ(report["skipped"].size(), 1u);
  EXPECT_EQ(report["skipped"][0]["reason"], "training steps are measured in fp32 only");
}

TEST(NetworkBench, Bf16IsSkippedOnACpuWithoutAvx512Bf16) {
  if (facesr::bench::cpu_info().avx512_bf16) GTEST_SKIP() << "this CPU has AVX512_BF16: bf16 is measured";
  const nlohmann::json report = run_network_bench(quick({"fp32", "bf16"}));
  ASSERT_EQ(report["skipped"].size(), 1u);
  EXPECT_EQ(report["skipped"][0]["dtype"], "bf16");
  EXPECT_NE(report["skipped"][0]["reason"].get<std::string>().find("no AVX512_BF16"), std::string::npos);
  for (const auto& r : report["results"]) EXPECT_EQ(r["dtype"], "fp32");
}

TEST(NetworkBench, WhatCannotBeMeasuredIsOneClearError) {
  EXPECT_NE(error_of(quick({"fp32", "fp8"})).find("--dtype fp8"), std::string::npos);
  EXPECT_NE(error_of(quick({"fp16"})).find("nothing was measured"), std::string::npos);
  NetworkBenchOptions resampler = quick({"fp32"});
  resampler.model = "bicubic";
  EXPECT_NE(error_of(resampler).find("fixed resampler"), std::string::npos);
  NetworkBenchOptions tuning = quick({"fp32"});
  tuning.train = true;
  tuning.tuning = "fold_bn";
  EXPECT_NE(error_of(tuning).find("--tuning fold_bn with --train"), std::string::npos);
}

}  // namespace
}  // namespace facesr::bench
