// Zoo entries of the DIC family (models/zoo.cpp appends them).
#pragma once

#include <vector>

#include "models/registry.h"

namespace facesr {

std::vector<ModelSpec> dic_models();

}  // namespace facesr
