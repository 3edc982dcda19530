#include "photo/photo_models.h"

#include "inference/model_choice.h"

namespace facesr {

PhotoModels load_photo_models(const std::string& model, const std::string& weights, torch::Device device) {
  const auto open = [&](const std::string& m, const std::string& w) {
    return std::make_unique<FaceUpscaler>(FaceUpscaler::open(m, w, device));
  };
  PhotoModels m;
  if (!model.empty() || !weights.empty()) {
    auto chosen = open(model, weights);
    (chosen->restores_in_place() ? m.restorer : m.super_resolver) = std::move(chosen);
  }
  if (!m.super_resolver) m.super_resolver = open("", bundled_default_weights());
  if (!m.restorer) m.restorer = open("", bundled_restorer_weights());
  return m;
}

}  // namespace facesr
