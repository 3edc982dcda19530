#include "photo/five_points.h"

#include "core/error.h"

namespace facesr {

namespace {

cv::Point2f centre(const Landmarks& points, size_t first, size_t last) {
  cv::Point2f sum(0, 0);
  for (size_t i = first; i <= last; ++i) sum += points[i];
  return sum / static_cast<float>(last - first + 1);
}

}  // namespace

FivePoints five_points(const Landmarks& landmarks68) {
  if (landmarks68.size() != 68) throw Error("five_points: expected 68 landmarks (iBUG 300-W order)");
  return {centre(landmarks68, 36, 41), centre(landmarks68, 42, 47), landmarks68[30], landmarks68[48],
          landmarks68[54]};
}

}  // namespace facesr
