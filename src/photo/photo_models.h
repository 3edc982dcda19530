// The two networks whole photos need: a x8 model for faces near its 16 px
// input and a restoration model for the larger ones.
#pragma once

#include <torch/torch.h>

#include <memory>
#include <string>

#include "inference/face_upscaler.h"

namespace facesr {

struct PhotoModels {
  std::unique_ptr<FaceUpscaler> super_resolver, restorer;

  void set_flip_ensemble(bool on) {  // FaceUpscaler::set_flip_ensemble on both
    for (FaceUpscaler* model : {super_resolver.get(), restorer.get()})
      if (model) model->set_flip_ensemble(on);
  }
};

// The bundled x8 default and restoration model, except that a model chosen
// by `model` / `weights` (either may be empty; choose_model's rules) replaces
// the bundled one of its kind.
PhotoModels load_photo_models(const std::string& model, const std::string& weights, torch::Device device);

}  // namespace facesr
