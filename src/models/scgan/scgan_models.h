// Zoo entries of the SCGAN family.
#pragma once

#include <vector>

#include "models/registry.h"

namespace facesr {

std::vector<ModelSpec> scgan_models();

}  // namespace facesr
