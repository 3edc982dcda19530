// The three evaluation protocols against fixtures/metrics.json (README §6.3):
// every value of every image pair and the means, under the fixture's own
// tolerances; plus protocol names, identical images and input errors.
#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/error.h"
#include "metrics/protocol.h"
#include "test_paths.h"

namespace {

using namespace facesr::metrics;

nlohmann::json metrics_fixture() {
  std::ifstream in(facesr::test::fixture("metrics.json"));
  if (!in) throw std::runtime_error("cannot open fixtures/metrics.json");
  return nlohmann::json::parse(in);
}

cv::Mat read_rgb(const std::string& relative) {
  const cv::Mat bgr = cv::imread(facesr::test::fixture(relative).string(), cv::IMREAD_COLOR);
  if (bgr.empty()) throw std::runtime_error("cannot read fixture image " + relative);
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  return rgb;
}

// "images/sr_00.png vs images/hr_00.png" → {sr, hr} as RGB.
std::pair<cv::Mat, cv::Mat> read_pair(const std::string& pair) {
  const auto vs = pair.find(" vs ");
  if (vs == std::string::npos) throw std::runtime_error("unexpected pair field: " + pair);
  return {read_rgb(pair.substr(0, vs)), read_rgb(pair.substr(vs + 4))};
}

bool is_psnr(const std::string& metric) { return metric.find("psnr") != std::string::npos; }

// Compares every named value with `expected[name]`; records the worst differences.
void expect_matches(const PairScore& score, const nlohmann::json& expected, const nlohmann::json& tolerance,
                    const std::string& where, std::map<std::string, double>& worst) {
  for (const auto& metric : score.named()) {
    ASSERT_TRUE(expected.contains(metric.name)) << metric.name << " missing from metrics.json";
    const double want = expected.at(metric.name).get<double>();
    const double tol = tolerance.at(is_psnr(metric.name) ? "psnr_db" : "ssim").get<double>();
    EXPECT_NEAR(metric.value, want, tol) << where << " " << metric.name;
    worst[metric.name] = std::max(worst[metric.name], std::abs(metric.value - want));
  }
}

TEST(MetricsProtocol, ReproducesMetricsFixture) {
  const auto fixture = metrics_fixture();
  const auto& tolerance = fixture.at("tolerance");
  std::map<Protocol, std::vector<PairScore>> scores;
  std::map<std::string, double> worst;
  std::set<std::string> reported;
  for (const auto& expected : fixture.at("per_image")) {
    const auto [sr, hr] = read_pair(expected.at("pair").get<std::string>());
    for (const auto& info : evaluation_protocols()) {
      const PairScore score = score_pair(sr, hr, info.protocol);
      EXPECT_EQ(score.protocol, info.protocol);
      expect_matches(score, expected, tolerance, expected.at("pair").get<std::string>(), worst);
      for (const auto& metric : score.named()) reported.insert(metric.name);
      scores[info.protocol].push_back(score);
    }
  }
  for (const auto& [protocol, per_image] : scores) {
    expect_matches(mean_score(per_image), fixture.at("mean"), tolerance, "mean", worst);
  }
  // Every value the fixture defines is produced by some protocol.
  std::set<std::string> defined;
  for (const auto& item : fixture.at("definitions").items()) defined.insert(item.key());
  EXPECT_EQ(reported, defined);
  for (const auto& [name, diff] : worst) std::cout << "  max |diff| " << name << " = " << diff << "\n";
}

TEST(MetricsProtocol, ChannelOrderMatters) {
  // Feeding BGR instead of RGB must change the Y-based scores, so the test
  // above really checks the RGB convention.
  const auto fixture = metrics_fixture();
  const auto& expected = fixture.at("per_image").at(0);
  auto [sr, hr] = read_pair(expected.at("pair").get<std::string>());
  cv::cvtColor(sr, sr, cv::COLOR_RGB2BGR);
  cv::cvtColor(hr, hr, cv::COLOR_RGB2BGR);
  const PairScore swapped = score_pair(sr, hr, Protocol::SPARNet);
  EXPECT_GT(std::abs(swapped.psnr - expected.at("sparnet_y_psnr").get<double>()), 1e-3);
}

TEST(MetricsProtocol, NamesAreStable) {
  std::vector<std::string> names;
  for (const auto& info : evaluation_protocols()) names.push_back(info.name);
  EXPECT_EQ(names, (std::vector<std::string>{"sparnet", "dic", "rgb"}));
  EXPECT_EQ(find_protocol("dic"), Protocol::DIC);
  EXPECT_EQ(protocol_info(Protocol::RGB).border_crop, 8);
  EXPECT_EQ(protocol_info(Protocol::SPARNet).border_crop, 0);
  EXPECT_THROW(find_protocol("matlab"), facesr::Error);
}

TEST(MetricsProtocol, OnlyDicReportsTheQuirkValue) {
  const cv::Mat a(32, 32, CV_8UC3, cv::Scalar(40, 90, 200));
  cv::Mat b = a.clone();
  b.at<cv::Vec3b>(16, 16) = {0, 0, 0};
  EXPECT_EQ(score_pair(a, b, Protocol::SPARNet).named().size(), 2u);
  EXPECT_EQ(score_pair(a, b, Protocol::RGB).named().size(), 2u);
  const auto dic = score_pair(a, b, Protocol::DIC).named();
  ASSERT_EQ(dic.size(), 3u);
  EXPECT_EQ(dic[2].name, "dic_y_ssim_official_uint8_quirk");
}

TEST(MetricsProtocol, IdenticalImagesGiveInfinitePsnrAndUnitSsim) {
  const cv::Mat image = read_rgb("images/hr_00.png");
  for (const auto& info : evaluation_protocols()) {
    const PairScore score = score_pair(image, image.clone(), info.protocol);
    EXPECT_TRUE(std::isinf(score.psnr) && score.psnr > 0) << info.name;
    EXPECT_NEAR(score.ssim, 1.0, 1e-12) << info.name;
    if (score.ssim_official_quirk) {
      EXPECT_NEAR(*score.ssim_official_quirk, 1.0, 1e-12);
    }
  }
}

TEST(MetricsProtocol, CropIsAppliedBeforeScoring) {
  // A difference inside the 8 px border is invisible to DIC and RGB, not to SPARNet.
  const cv::Mat a(40, 40, CV_8UC3, cv::Scalar(100, 100, 100));
  cv::Mat b = a.clone();
  b(cv::Rect(0, 0, 40, 8)).setTo(cv::Scalar(0, 0, 0));
  EXPECT_TRUE(std::isinf(score_pair(a, b, Protocol::DIC).psnr));
  EXPECT_TRUE(std::isinf(score_pair(a, b, Protocol::RGB).psnr));
  EXPECT_FALSE(std::isinf(score_pair(a, b, Protocol::SPARNet).psnr));
}

TEST(MetricsProtocol, RejectsBadPairs) {
  const cv::Mat rgb(64, 64, CV_8UC3, cv::Scalar(0, 0, 0));
  for (const auto& info : evaluation_protocols()) {
    EXPECT_THROW(score_pair(rgb, cv::Mat(64, 63, CV_8UC3), info.protocol), facesr::Error) << info.name;
    EXPECT_THROW(score_pair(cv::Mat(64, 64, CV_8UC1), cv::Mat(64, 64, CV_8UC1), info.protocol), facesr::Error);
    EXPECT_THROW(score_pair(cv::Mat(64, 64, CV_32FC3), cv::Mat(64, 64, CV_32FC3), info.protocol), facesr::Error);
    EXPECT_THROW(score_pair(cv::Mat(), cv::Mat(), info.protocol), facesr::Error);
  }
  // Smallest sizes: the 11x11 window must fit after the crop.
  const cv::Mat s10(10, 10, CV_8UC3, cv::Scalar(0, 0, 0)), s11(11, 11, CV_8UC3, cv::Scalar(0, 0, 0));
  EXPECT_THROW(score_pair(s10, s10, Protocol::SPARNet), facesr::Error);
  EXPECT_NO_THROW(score_pair(s11, s11, Protocol::SPARNet));
  const cv::Mat s26(26, 40, CV_8UC3, cv::Scalar(0, 0, 0)), s27(27, 27, CV_8UC3, cv::Scalar(0, 0, 0));
  EXPECT_THROW(score_pair(s26, s26, Protocol::DIC), facesr::Error);
  EXPECT_THROW(score_pair(s26, s26, Protocol::RGB), facesr::Error);
  EXPECT_NO_THROW(score_pair(s27, s27, Protocol::DIC));
  EXPECT_NO_THROW(score_pair(s27, s27, Protocol::RGB));
}

TEST(MetricsProtocol, MeanRejectsEmptyOrMixedScores) {
  const cv::Mat a(32, 32, CV_8UC3, cv::Scalar(1, 2, 3)), b(32, 32, CV_8UC3, cv::Scalar(4, 5, 6));
  EXPECT_THROW(mean_score({}), facesr::Error);
  EXPECT_THROW(mean_score({score_pair(a, b, Protocol::DIC), score_pair(a, b, Protocol::RGB)}), facesr::Error);
  const PairScore one = score_pair(a, b, Protocol::DIC);
  const PairScore mean = mean_score({one, one});
  EXPECT_DOUBLE_EQ(mean.psnr, one.psnr);
  EXPECT_DOUBLE_EQ(*mean.ssim_official_quirk, *one.ssim_official_quirk);
}

}  // namespace
