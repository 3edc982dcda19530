#include "metrics/protocol.h"

#include <fmt/format.h>

#include "core/error.h"
#include "metrics/dic_uint8_quirk.h"
#include "metrics/image_checks.h"
#include "metrics/luma.h"
#include "metrics/psnr.h"
#include "metrics/ssim.h"
#include "metrics/ssim_window.h"

namespace facesr::metrics {
namespace {

// DIC and mmagic crop `scale` pixels; every model here upsamples 8x.
constexpr int kScaleCrop = 8;

std::string protocol_names() {
  std::string names;
  for (const auto& info : evaluation_protocols()) names += (names.empty() ? "" : ", ") + info.name;
  return names;
}

cv::Mat crop_border(const cv::Mat& image, int border) {
  return image(cv::Rect(border, border, image.cols - 2 * border, image.rows - 2 * border));
}

}  // namespace

const std::vector<ProtocolInfo>& evaluation_protocols() {
  static const std::vector<ProtocolInfo> table = {
      {Protocol::SPARNet, "sparnet", "SPARNet/CTCNet psnr_ssim.py: Y (truncated), whole image, skimage Gaussian SSIM",
       0, "sparnet_y_psnr", "sparnet_y_ssim", ""},
      {Protocol::DIC, "dic", "DIC calc_metrics: Y (rounded), 8 px crop, MATLAB-style SSIM", kScaleCrop, "dic_y_psnr",
       "dic_y_ssim", "dic_y_ssim_official_uint8_quirk"},
      {Protocol::RGB, "rgb", "mmagic psnr/ssim: RGB, 8 px crop, MATLAB-style SSIM per channel", kScaleCrop,
       "rgb_psnr_crop8", "rgb_ssim_crop8", ""},
  };
  return table;
}

const ProtocolInfo& protocol_info(Protocol protocol) {
  for (const auto& info : evaluation_protocols()) {
    if (info.protocol == protocol) return info;
  }
  throw Error("protocol_info: unknown Protocol value; use one of " + protocol_names());
}

Protocol find_protocol(const std::string& name) {
  for (const auto& info : evaluation_protocols()) {
    if (info.name == name) return info.protocol;
  }
  throw Error(fmt::format("unknown evaluation protocol '{}'; choose one of: {}", name, protocol_names()));
}

std::vector<NamedMetric> PairScore::named() const {
  const auto& info = protocol_info(protocol);
  std::vector<NamedMetric> values = {{info.psnr_metric, psnr}, {info.ssim_metric, ssim}};
  if (ssim_official_quirk) values.push_back({info.quirk_ssim_metric, *ssim_official_quirk});
  return values;
}

PairScore score_pair(const cv::Mat& sr, const cv::Mat& hr, Protocol protocol) {
  const auto& info = protocol_info(protocol);
  const std::string what = fmt::format("score_pair (protocol '{}')", info.name);
  require_matching_pair(sr, hr, {CV_8UC3}, what);
  const int min_side = 2 * info.border_crop + kSsimWindowSize;
  if (sr.rows < min_side || sr.cols < min_side) {
    throw Error(fmt::format("{}: images are {}, smaller than the {}x{} minimum ({} px crop per side + {}x{} SSIM "
                            "window); score larger images",
                            what, describe(sr), min_side, min_side, info.border_crop, kSsimWindowSize,
                            kSsimWindowSize));
  }

  PairScore score{protocol, 0.0, 0.0, std::nullopt};
  switch (protocol) {
    case Protocol::SPARNet: {
      const cv::Mat y_sr = luma_sparnet_truncated(sr), y_hr = luma_sparnet_truncated(hr);
      score.psnr = psnr(y_sr, y_hr, PsnrFormula::PowerRatio);
      score.ssim = ssim(y_hr, y_sr);  // skimage-equivalent, see ssim.h
      break;
    }
    case Protocol::DIC: {
      const cv::Mat y_sr = crop_border(luma_dic_rounded(sr), info.border_crop);
      const cv::Mat y_hr = crop_border(luma_dic_rounded(hr), info.border_crop);
      score.psnr = psnr(y_sr, y_hr, PsnrFormula::AmplitudeRatio);
      score.ssim = ssim(y_sr, y_hr);
      // What the official code really returns (common.md §4.2, dic_uint8_quirk.h).
      score.ssim_official_quirk = ssim(dic_uint8_times_255(y_sr), dic_uint8_times_255(y_hr));
      break;
    }
    case Protocol::RGB: {
      const cv::Mat c_sr = crop_border(sr, info.border_crop), c_hr = crop_border(hr, info.border_crop);
      score.psnr = psnr(c_sr, c_hr, PsnrFormula::AmplitudeRatio);
      score.ssim = ssim(c_sr, c_hr);
      break;
    }
  }
  return score;
}

PairScore mean_score(const std::vector<PairScore>& scores) {
  if (scores.empty()) throw Error("mean_score: no scores to average; score at least one image pair");
  PairScore mean{scores.front().protocol, 0.0, 0.0, std::nullopt};
  if (scores.front().ssim_official_quirk) mean.ssim_official_quirk = 0.0;
  for (const auto& s : scores) {
    if (s.protocol != mean.protocol || s.ssim_official_quirk.has_value() != mean.ssim_official_quirk.has_value()) {
      throw Error(fmt::format("mean_score: scores mix protocols '{}' and '{}'; average each protocol separately",
                              protocol_info(mean.protocol).name, protocol_info(s.protocol).name));
    }
    mean.psnr += s.psnr;
    mean.ssim += s.ssim;
    if (s.ssim_official_quirk) *mean.ssim_official_quirk += *s.ssim_official_quirk;
  }
  const double n = double(scores.size());
  mean.psnr /= n;
  mean.ssim /= n;
  if (mean.ssim_official_quirk) *mean.ssim_official_quirk /= n;
  return mean;
}

}  // namespace facesr::metrics
