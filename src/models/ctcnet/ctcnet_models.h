// Zoo entry of the CTCNet family (models/zoo.cpp appends it).
#pragma once

#include <vector>

#include "models/registry.h"

namespace facesr {

std::vector<ModelSpec> ctcnet_models();

}  // namespace facesr
