// Training curves across sessions: a run's log reduced to a leg (resumed
// steps counted once, pauses not counted as training), the summary written
// and read back, and the plot drawn.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "core/error.h"
#include "test_paths.h"
#include "training/training_curves.h"

using namespace facesr;
using namespace facesr::training;

namespace {

// A run of batch 4: start at step 0, logs every 10 steps 60 s apart, a kill
// after step 40 whose last checkpoint was step 30, a 2-hour pause, a resume.
void write_log(const std::string& dir) {
  std::ofstream log(dir + "/log.jsonl");
  double t = 1000;
  log << R"({"kind":"note","event":"start","step":0,"time":1000,"recipe":{"name":"tiny","batch_size":4}})" << "\n";
  log << R"({"kind":"val","step":0,"val_psnr":24.0,"val_bicubic_psnr":23.0,"time":1000})" << "\n";
  for (int step = 10; step <= 40; step += 10) {
    t += 60;
    log << fmt::format(R"({{"kind":"train","step":{},"l1":{},"images_per_second":{},"time":{}}})", step, 0.1 - step / 1000.0,
                       step == 40 ? 1.0 : 2.0, t)
        << "\n";
  }
  log << fmt::format(R"({{"kind":"val","step":40,"val_psnr":25.0,"val_bicubic_psnr":23.0,"time":{}}})", t) << "\n";
  log << R"({"kind":"trai)" << "\n";  // torn by the kill
  t += 7200;
  log << fmt::format(R"({{"kind":"note","event":"resume","step":30,"time":{}}})", t) << "\n";
  for (int step = 40; step <= 50; step += 10) {
    t += 60;
    log << fmt::format(R"({{"kind":"train","step":{},"l1":0.05,"images_per_second":2.0,"time":{}}})", step, t) << "\n";
  }
  log << fmt::format(R"({{"kind":"val","step":50,"val_psnr":25.5,"val_bicubic_psnr":23.0,"time":{}}})", t) << "\n";
}

}  // namespace

TEST(TrainingCurves, ARunBecomesOneLegWithResumedStepsCountedOnce) {
  test::ScratchDir dir;
  write_log(dir.path().string());
  const CurveLeg leg = read_run_leg(dir.path().string());
  EXPECT_EQ(leg.recipe, "tiny");
  EXPECT_EQ(leg.settings.at("batch_size"), 4);  // the whole recipe, so a leg can be run again
  EXPECT_EQ(leg.batch_size, 4);
  EXPECT_EQ(leg.first_step, 0);
  EXPECT_EQ(leg.last_step, 50);
  EXPECT_EQ(leg.samples(), 200);
  // The validation at step 40 before the kill was replaced by the resumed run's steps.
  ASSERT_EQ(leg.val.size(), 2u);
  EXPECT_EQ(leg.val[0][0], 0);
  EXPECT_EQ(leg.val[1][0], 50);
  EXPECT_DOUBLE_EQ(leg.val[1][1], 25.5);
  // 4 + 2 minutes of records; the 2-hour pause is not training.
  EXPECT_NEAR(leg.minutes, 6.0, 1e-9);
  EXPECT_DOUBLE_EQ(leg.images_per_second, 2.0);
  ASSERT_FALSE(leg.loss.empty());
  EXPECT_EQ(leg.loss.back()[0], 50);
  EXPECT_THROW(read_run_leg((dir.path() / "nowhere").string()), Error);
}

TEST(TrainingCurves, SummaryRoundTripsAndThePlotShowsEveryLeg) {
  test::ScratchDir dir;
  write_log(dir.path().string());
  CurveLeg first = read_run_leg(dir.path().string());
  CurveLeg second = first;
  second.name = "second";
  second.first_step = 50;
  second.last_step = 100;
  for (auto& v : second.val) v[0] += 50, v[1] += 1;
  second.val[1][2] = std::nan("");  // a baseline that was not logged
  write_curves_summary(dir.file("curves.json"), "test", {first, second});
  const std::vector<CurveLeg> back = read_curves_summary(dir.file("curves.json"));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[1].name, "second");
  EXPECT_EQ(back[1].settings, first.settings);
  EXPECT_EQ(back[1].samples(), 200);
  EXPECT_NEAR(back[0].minutes, first.minutes, 0.05);
  ASSERT_EQ(back[1].val.size(), 2u);
  EXPECT_NEAR(back[1].val[1][1], 26.5, 1e-9);
  EXPECT_TRUE(std::isnan(back[1].val[1][2]));

  const cv::Mat plot = plot_curves("test", back);
  EXPECT_EQ(plot.size(), cv::Size(960, 540));
  // Each leg's colour is drawn (the first blue, the second red).
  const auto drawn = [&](cv::Vec3b rgb) {
    cv::Mat mask;
    cv::inRange(plot, cv::Scalar(rgb[0], rgb[1], rgb[2]), cv::Scalar(rgb[0], rgb[1], rgb[2]), mask);
    return cv::countNonZero(mask);
  };
  EXPECT_GT(drawn({31, 119, 180}), 50);
  EXPECT_GT(drawn({214, 39, 40}), 50);
  EXPECT_THROW(plot_curves("empty", {}), Error);
  test::write_bytes(dir.file("bad.json"), "{\"legs\": 3}");
  EXPECT_THROW(read_curves_summary(dir.file("bad.json")), Error);
}
