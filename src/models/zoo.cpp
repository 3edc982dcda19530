#include "models/zoo.h"

namespace facesr {

std::vector<ModelSpec> build_zoo() {
  std::vector<ModelSpec> zoo;
  return zoo;
}

}  // namespace facesr
