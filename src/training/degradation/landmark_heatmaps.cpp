#include "training/degradation/landmark_heatmaps.h"

#include <cmath>

#include "core/error.h"

namespace facesr {

torch::Tensor landmark_heatmaps(const Landmarks& points, int hr_size, double sigma) {
  if (points.empty() || hr_size < 4 || hr_size % 4 != 0 || !(sigma > 0)) {
    throw Error("landmark_heatmaps: need landmarks, an HR size divisible by 4 and sigma > 0");
  }
  // The hourglass predicts at a quarter of the HR resolution.
  const int side = hr_size / 4;
  auto maps = torch::empty({static_cast<int64_t>(points.size()), side, side}, torch::kFloat32);
  auto out = maps.accessor<float, 3>();
  for (size_t i = 0; i < points.size(); ++i) {
    const double u = points[i].x / 4.0;
    const double v = points[i].y / 4.0;
    for (int y = 0; y < side; ++y) {
      for (int x = 0; x < side; ++x) {
        const double d2 = (x - u) * (x - u) + (y - v) * (y - v);
        out[static_cast<int64_t>(i)][y][x] = static_cast<float>(std::exp(-d2 / 2.0 / sigma / sigma));
      }
    }
  }
  return maps;
}

}  // namespace facesr
