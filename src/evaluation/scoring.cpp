#include "evaluation/scoring.h"

namespace facesr::evaluation {

MethodScores score_method(const MethodOutput& output, const EvalSet& set,
                          const std::vector<metrics::Protocol>& protocols) {
  MethodScores s;
  s.method = output.method;
  s.per_image.resize(set.images.size());
  std::vector<std::vector<metrics::PairScore>> by_protocol(protocols.size());
  for (size_t i = 0; i < set.images.size(); ++i) {
    if (output.sr[i].empty()) continue;
    for (size_t p = 0; p < protocols.size(); ++p) {
      s.per_image[i].push_back(metrics::score_pair(output.sr[i], set.images[i].hr, protocols[p]));
      by_protocol[p].push_back(s.per_image[i].back());
    }
    ++s.scored;
  }
  if (s.scored > 0)
    for (const auto& scores : by_protocol) s.mean.push_back(metrics::mean_score(scores));
  if (output.seconds > 0) s.images_per_second = s.scored / output.seconds;
  return s;
}

}  // namespace facesr::evaluation
