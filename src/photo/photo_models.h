// The two networks whole photos need: a x8 model for faces near its 16 px
// input and a restoration model for the larger ones.
#pragma once

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "inference/face_upscaler.h"

namespace facesr {

struct PhotoModels {
  std::unique_ptr<FaceUpscaler> super_resolver, restorer;

  // Flip self-ensemble and bf16 convolutions (FaceUpscaler's setters) on both.
  void set_flip_ensemble(bool on) {
    for (FaceUpscaler* model : loaded()) model->set_flip_ensemble(on);
  }
  void set_bf16(bool on) {
    for (FaceUpscaler* model : loaded()) model->set_bf16(on);
  }
  std::vector<FaceUpscaler*> loaded() const {  // the one or two models there are
    std::vector<FaceUpscaler*> models;
    for (FaceUpscaler* model : {super_resolver.get(), restorer.get()})
      if (model) models.push_back(model);
    return models;
  }
};

// The bundled x8 default and restoration model, except that a model chosen
// by `model` / `weights` (either may be empty; choose_model's rules) replaces
// the bundled one of its kind.
PhotoModels load_photo_models(const std::string& model, const std::string& weights, torch::Device device);

}  // namespace facesr
