// The SPARNet family's entries in the model zoo.
#pragma once

#include <vector>

#include "models/registry.h"

namespace facesr {

// "sparnet", "sparnet-light", "sparnethd".
std::vector<ModelSpec> sparnet_models();

}  // namespace facesr
