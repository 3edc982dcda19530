// The list of models, one entry per network family file (models/<family>/).
// Kept apart from registry.cpp so adding a model touches one short list.
#pragma once

#include <vector>

#include "models/registry.h"

namespace facesr {

std::vector<ModelSpec> build_zoo();

}  // namespace facesr
