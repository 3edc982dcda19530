// Scores each method's SR images under the chosen metrics and averages them
// the way the official scripts do (mean over images).
#pragma once

#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <vector>

#include "evaluation/eval_set.h"
#include "evaluation/identity_scorer.h"
#include "evaluation/landmark_truth.h"
#include "metrics/protocol.h"

namespace facesr::evaluation {

// One row of the leaderboard: a method's SR images for every EvalImage (an
// empty Mat where it produced none) and the time it took to make them.
struct MethodOutput {
  std::string method;
  std::vector<cv::Mat> sr;
  double seconds = 0;  // 0 when the SR images were read from disk
};

struct ScoringOptions {
  std::vector<metrics::Protocol> protocols;  // full-reference PSNR/SSIM (needs HR)
  const LandmarkScorer* landmarks = nullptr;  // adds "landmark_nme" when set (needs HR)
  bool brisque = false;                       // adds no-reference "brisque"
  const IdentityScorer* identity = nullptr;   // adds the "identity_*" scores when set (needs HR)
};

struct MethodScores {
  std::string method;
  std::vector<std::vector<metrics::NamedMetric>> per_image;  // empty where the image has no SR
  std::vector<metrics::NamedMetric> mean;                    // each metric averaged over scored images
  int scored = 0;
  std::optional<double> images_per_second;
};

MethodScores score_method(const MethodOutput& output, const EvalSet& set, const ScoringOptions& options);

}  // namespace facesr::evaluation
