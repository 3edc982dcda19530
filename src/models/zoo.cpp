#include "models/zoo.h"

#include "models/ctcnet/ctcnet_models.h"
#include "models/dic/dic_models.h"
#include "models/eipnet/eipnet_models.h"
#include "models/scgan/scgan_models.h"
#include "models/sparnet/sparnet_models.h"

namespace facesr {

std::vector<ModelSpec> build_zoo() {
  std::vector<ModelSpec> zoo;
  // The baseline every table starts with: Pillow's bicubic, 16 -> 128.
  zoo.push_back({"bicubic", "PIL bicubic upsampling, the baseline of every paper", "PIL.Image.resize(BICUBIC)",
                 ImageConvention{16, 16, 128}, nullptr});
  for (ModelSpec& spec : ctcnet_models()) zoo.push_back(std::move(spec));
  for (ModelSpec& spec : dic_models()) zoo.push_back(std::move(spec));
  for (ModelSpec& spec : sparnet_models()) zoo.push_back(std::move(spec));
  for (ModelSpec& spec : scgan_models()) zoo.push_back(std::move(spec));
  for (ModelSpec& spec : eipnet_models()) zoo.push_back(std::move(spec));
  return zoo;
}

}  // namespace facesr
