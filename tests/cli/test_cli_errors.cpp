// Bad input to the CLI gives exactly one error line naming the file, and a
// non-zero exit; never a crash or a stack trace.
#include <gtest/gtest.h>

#include <fstream>

#include "cli_runner.h"

using namespace facesr::test;

namespace {

void expect_one_error_line(const CliResult& r, const std::string& path) {
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_EQ(r.err.rfind("facesr: error: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
}

}  // namespace

TEST(CliErrors, MalformedSafetensorsFiles) {
  ScratchDir dir;
  const std::string good = read_bytes(fixture("sparnet_attn2d.safetensors").string());
  const std::string truncated = dir.file("truncated.safetensors");
  write_bytes(truncated, good.substr(0, good.size() / 2));
  expect_one_error_line(run_cli("inspect " + truncated), truncated);

  const std::string oversized = dir.file("oversized.safetensors");
  write_bytes(oversized, std::string("\xff\xff\xff\xff\xff\x00\x00\x00{}", 10));
  expect_one_error_line(run_cli("inspect " + oversized), oversized);

  const std::string garbage = dir.file("garbage.safetensors");
  std::string noise;
  for (int i = 0; i < 1000; ++i) noise.push_back(static_cast<char>(i * 131));
  write_bytes(garbage, noise);
  expect_one_error_line(run_cli("inspect " + garbage), garbage);
}

TEST(CliErrors, CorruptPng) {
  ScratchDir dir;
  const std::string png = read_bytes(fixture("images/hr_01.png").string());
  const std::string corrupt = dir.file("corrupt.png");
  write_bytes(corrupt, png.substr(0, png.size() / 2));
  expect_one_error_line(run_cli("inspect " + corrupt), corrupt);
}

TEST(CliErrors, MissingFile) {
  ScratchDir dir;
  expect_one_error_line(run_cli("inspect " + dir.file("nope.png")), dir.file("nope.png"));
}

TEST(Cli, InspectDescribesValidFiles) {
  const auto r = run_cli("inspect " + fixture("sparnet_attn2d.safetensors").string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("input"), std::string::npos);
  EXPECT_NE(r.out.find("[1, 3, 128, 128]"), std::string::npos) << r.out;
  const auto img = run_cli("inspect " + fixture("images/hr_00.png").string());
  EXPECT_EQ(img.exit_code, 0) << img.err;
  EXPECT_NE(img.out.find("128x128"), std::string::npos) << img.out;
}

TEST(Cli, ThreadsAndDeviceOptionsAreValidated) {
  EXPECT_NE(run_cli("--threads -3 models").exit_code, 0);
  EXPECT_EQ(run_cli("--threads 1 models").exit_code, 0);
  // Not a number: said in words, not with CLI11's 300-digit range.
  const auto words = run_cli("--threads abc models");
  EXPECT_NE(words.exit_code, 0);
  EXPECT_NE(words.err.find("--threads: expected a number of at least 0, got 'abc'"), std::string::npos) << words.err;
  const auto zero_batch = run_cli("upscale -b 0 -i x.png -o out");
  EXPECT_NE(zero_batch.exit_code, 0);
  EXPECT_NE(zero_batch.err.find("--batch-size: must be at least 1, got 0"), std::string::npos) << zero_batch.err;
  EXPECT_LT(zero_batch.err.size(), 120u) << zero_batch.err;
}
