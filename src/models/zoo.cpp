#include "models/zoo.h"

#include "models/eipnet/eipnet_models.h"
#include "models/scgan/scgan_models.h"
#include "models/sparnet/sparnet_models.h"

namespace facesr {

std::vector<ModelSpec> build_zoo() {
  std::vector<ModelSpec> zoo;
  for (auto& spec : sparnet_models()) zoo.push_back(std::move(spec));
  for (auto& spec : scgan_models()) zoo.push_back(std::move(spec));
  for (auto& spec : eipnet_models()) zoo.push_back(std::move(spec));
  return zoo;
}

}  // namespace facesr
