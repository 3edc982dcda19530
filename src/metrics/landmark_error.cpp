#include "metrics/landmark_error.h"

#include <cmath>

#include "core/error.h"

namespace facesr::metrics {

double normalized_mean_error(const std::vector<cv::Point2f>& predicted, const std::vector<cv::Point2f>& truth) {
  if (predicted.size() != 68 || truth.size() != 68)
    throw Error("normalized_mean_error: needs 68 predicted and 68 true landmarks");
  const double inter_ocular = std::hypot(truth[36].x - truth[45].x, truth[36].y - truth[45].y);
  if (inter_ocular <= 0) throw Error("normalized_mean_error: the true eye corners coincide");
  double sum = 0;
  for (size_t i = 0; i < 68; ++i) sum += std::hypot(predicted[i].x - truth[i].x, predicted[i].y - truth[i].y);
  return sum / 68.0 / inter_ocular;
}

}  // namespace facesr::metrics
