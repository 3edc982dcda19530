// Landmark accuracy of SR faces: the reference landmarks of every HR image
// (its 300-W style .txt file when one sits beside it, otherwise dlib's
// prediction on the HR image), and the NME of dlib's prediction on an SR
// image in the same face box.
#pragma once

#include <opencv2/core.hpp>
#include <vector>

#include "evaluation/eval_set.h"
#include "landmarks/face_landmarks.h"

namespace facesr::evaluation {

class LandmarkScorer {
 public:
  LandmarkScorer(const EvalSet& set, const LandmarkPredictor& predictor);

  // NME (inter-ocular, metrics/landmark_error.h) of dlib's landmarks on `sr`
  // against image `index`'s reference.
  double error(size_t index, const cv::Mat& sr) const;

  // How many references came from ground-truth files (the rest from dlib).
  int from_files() const { return from_files_; }

 private:
  const LandmarkPredictor& predictor_;
  std::vector<cv::Rect> boxes_;
  std::vector<Landmarks> truth_;
  int from_files_ = 0;
};

}  // namespace facesr::evaluation
