#include "evaluation/scoring.h"

#include "metrics/brisque.h"

namespace facesr::evaluation {

MethodScores score_method(const MethodOutput& output, const EvalSet& set, const ScoringOptions& options) {
  MethodScores s;
  s.method = output.method;
  s.per_image.resize(set.images.size());
  for (size_t i = 0; i < set.images.size(); ++i) {
    const cv::Mat& sr = output.sr[i];
    if (sr.empty()) continue;
    auto& row = s.per_image[i];
    const cv::Mat& hr = set.images[i].hr;
    if (!hr.empty()) {
      for (metrics::Protocol p : options.protocols)
        for (const auto& m : metrics::score_pair(sr, hr, p).named()) row.push_back(m);
      if (options.landmarks) row.push_back({"landmark_nme", options.landmarks->error(i, sr)});
      if (options.identity)
        for (const auto& m : options.identity->scores(i, sr)) row.push_back(m);
    }
    if (options.brisque) row.push_back({"brisque", metrics::brisque(sr)});
    ++s.scored;

    // Running sums in the first scored row's metric order.
    if (s.mean.empty()) {
      s.mean = row;
    } else {
      for (size_t k = 0; k < row.size(); ++k) s.mean[k].value += row[k].value;
    }
  }
  for (auto& m : s.mean) m.value /= s.scored;
  if (output.seconds > 0) s.images_per_second = s.scored / output.seconds;
  return s;
}

}  // namespace facesr::evaluation
