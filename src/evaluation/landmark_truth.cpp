#include "evaluation/landmark_truth.h"

#include <opencv2/imgproc.hpp>

#include "metrics/landmark_error.h"

namespace facesr::evaluation {

namespace {

// Tight box around the reference points, grown 10% per side: what dlib's
// predictor expects when there is no detection.
cv::Rect box_around(const Landmarks& points, cv::Size image) {
  const cv::Rect tight = cv::boundingRect(points);
  const int mx = tight.width / 10, my = tight.height / 10;
  return cv::Rect(tight.x - mx, tight.y - my, tight.width + 2 * mx, tight.height + 2 * my) & cv::Rect({}, image);
}

}  // namespace

LandmarkScorer::LandmarkScorer(const EvalSet& set, const LandmarkPredictor& predictor) : predictor_(predictor) {
  for (const EvalImage& img : set.images) {
    if (!img.landmarks.empty()) {
      truth_.push_back(img.landmarks);
      boxes_.push_back(box_around(img.landmarks, img.hr.size()));
      ++from_files_;
      continue;
    }
    // Aligned crops: when the detector misses, the face fills most of the frame.
    cv::Rect box = predictor_.detect_face(img.hr);
    if (box.empty()) box = cv::Rect(img.hr.cols / 8, img.hr.rows / 8, img.hr.cols * 3 / 4, img.hr.rows * 3 / 4);
    boxes_.push_back(box);
    truth_.push_back(predictor_.predict(img.hr, box));
  }
}

double LandmarkScorer::error(size_t index, const cv::Mat& sr) const {
  return metrics::normalized_mean_error(predictor_.predict(sr, boxes_[index]), truth_[index]);
}

}  // namespace facesr::evaluation
