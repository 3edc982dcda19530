// `facesr curves` end to end: a run folder and an earlier summary become one
// summary and one plot; nothing to write, or a folder without a log, is one
// clear line.
#include <gtest/gtest.h>

#include <fstream>

#include "cli_runner.h"
#include "io/image.h"

using namespace facesr::test;

TEST(CliCurves, RunFolderAndEarlierSummaryMakeOneSummaryAndPlot) {
  ScratchDir dir;
  std::filesystem::create_directories(dir.file("run"));
  std::ofstream(dir.file("run/log.jsonl"))
      << R"({"kind":"note","event":"start","step":0,"time":0,"recipe":{"name":"r","batch_size":2}})" << "\n"
      << R"({"kind":"val","step":0,"val_psnr":20.5,"val_bicubic_psnr":20.0,"time":1})" << "\n"
      << R"({"kind":"train","step":50,"l1":0.2,"images_per_second":4,"time":30})" << "\n"
      << R"({"kind":"val","step":50,"val_psnr":21.5,"val_bicubic_psnr":20.0,"time":31})" << "\n";
  const auto first = run_cli("curves " + dir.file("run") + " --summary " + dir.file("a.json") + " --title t");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("run: 50 steps of 2 from step 0 (100 samples)"), std::string::npos) << first.out;
  const auto both = run_cli("curves " + dir.file("a.json") + " " + dir.file("run") + " --summary " + dir.file("b.json") +
                            " --plot " + dir.file("b.png") + " --name second --note 'data: x'");
  ASSERT_EQ(both.exit_code, 0) << both.err;
  EXPECT_NE(both.out.find("all legs: 200 samples"), std::string::npos) << both.out;
  EXPECT_NE(both.out.find("second: 50 steps"), std::string::npos) << both.out;
  EXPECT_NE(facesr::test::read_bytes(dir.file("b.json")).find("\"note\": \"data: x\""), std::string::npos);
  EXPECT_EQ(facesr::read_rgb8(dir.file("b.png")).size(), cv::Size(960, 540));

  const auto nothing = run_cli("curves " + dir.file("run"));
  EXPECT_NE(nothing.exit_code, 0);
  EXPECT_EQ(line_count(nothing.err), 1) << nothing.err;
  std::filesystem::create_directories(dir.file("empty"));
  const auto no_log = run_cli("curves " + dir.file("empty") + " --summary " + dir.file("c.json"));
  EXPECT_NE(no_log.exit_code, 0);
  EXPECT_EQ(line_count(no_log.err), 1) << no_log.err;
  EXPECT_NE(no_log.err.find("no training log"), std::string::npos) << no_log.err;
}
