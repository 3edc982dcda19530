// Which network `-m MODEL` / `-w WEIGHTS` select: a zoo name, weights that
// name their own architecture (facesr_arch metadata, written by the converter
// and by `facesr train`), or, with neither, the bundled default model.
#pragma once

#include <string>

namespace facesr {

struct ModelChoice {
  std::string model;    // zoo name
  std::string weights;  // empty for the bicubic baseline
};

// Throws facesr::Error when the weights name no architecture and no -m is given.
ModelChoice choose_model(const std::string& model, const std::string& weights);

// models/sparnet-tiny-utkface.safetensors (FACESR_MODELS_DIR overrides the folder).
std::string bundled_default_weights();

}  // namespace facesr
