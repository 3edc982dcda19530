// Zoo entries of the EIPNet family.
#pragma once

#include <vector>

#include "models/registry.h"

namespace facesr {

std::vector<ModelSpec> eipnet_models();

}  // namespace facesr
