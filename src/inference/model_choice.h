// Which network `-m MODEL` / `-w WEIGHTS` select: a zoo name, weights that
// name their own architecture (facesr_arch metadata, written by the converter
// and by `facesr train`), or, with neither, the bundled default model.
#pragma once

#include <optional>
#include <string>

#include "io/safetensors.h"

namespace facesr {

struct ModelChoice {
  std::string model;    // zoo name
  std::string weights;  // empty for the bicubic baseline
  // The weights, mapped once when choose_model had to read which model they
  // are for; FaceUpscaler then loads its tensors from this same map.
  std::optional<safetensors::File> file;
};

// Throws facesr::Error when the weights name no architecture and no -m is given.
ModelChoice choose_model(const std::string& model, const std::string& weights);

// The bundled models, in models/ ($FACESR_MODELS_DIR overrides the folder; an
// installed facesr reads its installed copy):
// the x8 default, sparnet-tiny-utkface.safetensors, and the restoration model
// `restore` gives faces larger than the x8 input, sparnet-restore-utkface.safetensors.
std::string bundled_default_weights();
std::string bundled_restorer_weights();
// dlib's face-recognition network for identity scores (identity/face_recognizer.h),
// dlib-face-recognition.safetensors: not committed (22 MB) but made by
// scripts/setup.sh from the @vladmandic/face-api npm package.
std::string bundled_face_recognition_weights();

}  // namespace facesr
