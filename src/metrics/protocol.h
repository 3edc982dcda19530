// The three evaluation protocols of specs/common.md §4 and how one SR/HR pair
// is scored under each. Every reported number carries its protocol's stable
// metric name (the keys of fixtures/metrics.json), so results from different
// protocols can never be mixed up.
//
// Images are cv::Mat CV_8UC3 in **RGB** order (cv::imread gives BGR: convert
// with cv::cvtColor(..., cv::COLOR_BGR2RGB)), i.e. the saved uint8 PNGs the
// official scripts read.
#pragma once

#include <opencv2/core.hpp>

#include <optional>
#include <string>
#include <vector>

namespace facesr::metrics {

enum class Protocol {
  SPARNet,  // SPARNet/CTCNet psnr_ssim.py: Y truncated, whole image, skimage Gaussian SSIM
  DIC,      // DIC calc_metrics: Y rounded, 8 px crop, MATLAB-style valid SSIM (+ official quirk SSIM)
  RGB,      // mmagic psnr()/ssim(): RGB, 8 px crop, valid SSIM per channel averaged
};

struct ProtocolInfo {
  Protocol protocol;
  std::string name;         // stable protocol name: "sparnet", "dic", "rgb"
  std::string description;  // one line for reports
  int border_crop;          // pixels removed on every side before scoring
  std::string psnr_metric;  // metric names, e.g. "dic_y_psnr"
  std::string ssim_metric;
  std::string quirk_ssim_metric;  // empty unless the protocol has an official-code quirk value
};

// All protocols, in display order.
const std::vector<ProtocolInfo>& evaluation_protocols();
const ProtocolInfo& protocol_info(Protocol protocol);
// The protocol called `name`; throws facesr::Error listing the valid names.
Protocol find_protocol(const std::string& name);

struct NamedMetric {
  std::string name;  // e.g. "sparnet_y_ssim"
  double value;
};

struct PairScore {
  Protocol protocol;
  double psnr;  // dB; +infinity when SR equals HR
  double ssim;
  // DIC only: the SSIM DIC's official code really returns (uint8 overflow
  // before the SSIM, see dic_uint8_quirk.h).
  std::optional<double> ssim_official_quirk;

  // The values under their metric names: psnr, ssim, then the quirk value if any.
  std::vector<NamedMetric> named() const;
};

// Scores `sr` against `hr` (both CV_8UC3 RGB, same size; at least 11x11
// after the protocol's crop).
PairScore score_pair(const cv::Mat& sr, const cv::Mat& hr, Protocol protocol);

// Mean of each value over images, as the official scripts average scores.
// All scores must come from the same protocol.
PairScore mean_score(const std::vector<PairScore>& scores);

}  // namespace facesr::metrics
