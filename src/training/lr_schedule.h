// The recipes' learning-rate schedules as a factor of the base lr at a step:
// constant (SPARNet, CTCNet, EIPNet), MultiStepLR stepped per iteration (DIC),
// CosineAnnealingLR's closed form, which keeps oscillating past T_max (SCGAN).
#pragma once

#include <cstdint>

#include "training/recipe.h"

namespace facesr::training {

double lr_scale(const Recipe& recipe, int64_t step);

}  // namespace facesr::training
