// A training run's checkpoint: every trained network with its Adam state, the
// objective's extra state (EMA), the step and the torch RNG, plus the recipe,
// in one safetensors file written atomically (temp file + rename), so a run
// killed at any moment resumes from the last complete checkpoint.
#pragma once

#include <cstdint>
#include <string>

#include "training/objective.h"
#include "training/recipe.h"

namespace facesr::training {

void save_checkpoint(const std::string& path, Objective& objective, const Recipe& recipe, int64_t step);

// Restores `objective` and returns the step to continue from. Throws
// facesr::Error naming the file when it does not fit the recipe.
int64_t load_checkpoint(const std::string& path, Objective& objective, const Recipe& recipe);

// Inference weights of the objective's generator with facesr_arch and
// facesr_options metadata, loadable by `facesr upscale -w`.
void export_generator(const std::string& path, Objective& objective, const Recipe& recipe,
                      const std::map<std::string, std::string>& extra_metadata = {});

}  // namespace facesr::training
