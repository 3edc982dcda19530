// The recipes' learning-rate schedules as a factor of the base lr at a step:
// constant (SPARNet, CTCNet, EIPNet), MultiStepLR stepped per iteration (DIC),
// CosineAnnealingLR's closed form, which keeps oscillating past T_max (SCGAN).
#pragma once

#include <cstdint>

#include "training/recipe.h"

namespace facesr::training {

// With recipe.schedule_per_epoch the schedule advances once per epoch of
// `steps_per_epoch` steps (SCGAN's scheduler.step() per epoch), and
// milestones and cosine_period count epochs.
double lr_scale(const Recipe& recipe, int64_t step, int64_t steps_per_epoch = 1);

}  // namespace facesr::training
