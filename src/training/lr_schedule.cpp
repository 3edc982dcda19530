#include "training/lr_schedule.h"

#include <algorithm>
#include <cmath>

namespace facesr::training {

double lr_scale(const Recipe& recipe, int64_t step, int64_t steps_per_epoch) {
  if (recipe.schedule_per_epoch) step /= std::max<int64_t>(1, steps_per_epoch);
  if (recipe.schedule == "multistep") {
    double scale = 1.0;
    for (int64_t milestone : recipe.milestones)
      if (step >= milestone) scale *= recipe.gamma;
    return scale;
  }
  if (recipe.schedule == "cosine") {
    const double eta_min = recipe.eta_min / recipe.lr;
    const double phase = M_PI * static_cast<double>(step) / static_cast<double>(recipe.cosine_period);
    return eta_min + (1.0 - eta_min) * (1.0 + std::cos(phase)) / 2.0;
  }
  return 1.0;
}

}  // namespace facesr::training
