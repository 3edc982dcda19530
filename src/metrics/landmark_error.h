// Landmark accuracy as DIC reports it during training (calc_nme, dic.md /
// common.md §4.2): the mean point-to-point distance over the 68 landmarks,
// divided by the distance between the outer eye corners (0-based points 36
// and 45) of the ground truth.
#pragma once

#include <opencv2/core.hpp>
#include <vector>

namespace facesr::metrics {

double normalized_mean_error(const std::vector<cv::Point2f>& predicted, const std::vector<cv::Point2f>& truth);

}  // namespace facesr::metrics
