// Is the SR face still the same person? dlib's face descriptor
// (identity/face_recognizer.h) of each SR face against its HR face's.
#pragma once

#include <opencv2/core.hpp>
#include <vector>

#include "evaluation/eval_set.h"
#include "identity/face_recognizer.h"
#include "metrics/protocol.h"

namespace facesr::evaluation {

class IdentityScorer {
 public:
  // Computes the descriptor of every HR face of `set`, `batch_size` at a time.
  IdentityScorer(const EvalSet& set, const FaceRecognizer& recognizer, int batch_size);

  // For image `index`: identity_cosine (cosine similarity of the descriptors,
  // 1 at best), identity_dlib_distance (euclidean, 0 at best) and
  // identity_same_person (1 when that distance is below dlib's 0.6, else 0;
  // its mean is the share of faces still recognised).
  std::vector<metrics::NamedMetric> scores(size_t index, const cv::Mat& sr) const;

 private:
  const FaceRecognizer& recognizer_;
  torch::Tensor hr_;  // (images, 128) float64
};

}  // namespace facesr::evaluation
