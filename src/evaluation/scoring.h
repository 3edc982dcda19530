// Scores each method's SR images against HR under the chosen protocols and
// averages them the way the official scripts do (mean over images).
#pragma once

#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <vector>

#include "evaluation/eval_set.h"
#include "metrics/protocol.h"

namespace facesr::evaluation {

// One row of the leaderboard: a method's SR images for every EvalImage (an
// empty Mat where it produced none) and the time it took to make them.
struct MethodOutput {
  std::string method;
  std::vector<cv::Mat> sr;
  double seconds = 0;  // 0 when the SR images were read from disk
};

struct MethodScores {
  std::string method;
  // [image][protocol]; empty when that image has no SR.
  std::vector<std::vector<metrics::PairScore>> per_image;
  std::vector<metrics::PairScore> mean;  // [protocol]
  int scored = 0;
  std::optional<double> images_per_second;
};

MethodScores score_method(const MethodOutput& output, const EvalSet& set,
                          const std::vector<metrics::Protocol>& protocols);

}  // namespace facesr::evaluation
