// A picture a person can look at: one row per image, columns
// LR (nearest-upscaled) | each method | HR, with a label strip on top.
#pragma once

#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "evaluation/eval_set.h"
#include "evaluation/scoring.h"

namespace facesr::evaluation {

// RGB8 grid of the first `rows` images of `set`.
cv::Mat comparison_grid(const EvalSet& set, const std::vector<MethodOutput>& methods, int rows);

}  // namespace facesr::evaluation
