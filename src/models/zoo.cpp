#include "models/zoo.h"

#include "models/ctcnet/ctcnet.h"

namespace facesr {

std::vector<ModelSpec> build_zoo() {
  std::vector<ModelSpec> zoo;
  for (ModelSpec& spec : ctcnet_models()) zoo.push_back(std::move(spec));
  return zoo;
}

}  // namespace facesr
