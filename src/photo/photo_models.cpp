#include "photo/photo_models.h"

#include "inference/model_choice.h"
#include "models/registry.h"

namespace facesr {

PhotoModels load_photo_models(const std::string& model, const std::string& weights, torch::Device device) {
  PhotoModels m;
  if (!model.empty() || !weights.empty()) {
    const ModelChoice c = choose_model(model, weights);
    auto chosen = std::make_unique<FaceUpscaler>(find_model(c.model), c.weights, device);
    (chosen->restores_in_place() ? m.restorer : m.super_resolver) = std::move(chosen);
  }
  if (!m.super_resolver) {
    const ModelChoice c = choose_model("", bundled_default_weights());
    m.super_resolver = std::make_unique<FaceUpscaler>(find_model(c.model), c.weights, device);
  }
  if (!m.restorer) {
    const ModelChoice c = choose_model("", bundled_restorer_weights());
    m.restorer = std::make_unique<FaceUpscaler>(find_model(c.model), c.weights, device);
  }
  return m;
}

}  // namespace facesr
