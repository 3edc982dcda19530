// The face-recognition weights the identity tests run on: made by
// scripts/setup.sh (CI runs it before the tests), never committed.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>

#include "inference/model_choice.h"

namespace facesr::test {

// Why the weights are not there, or nothing when they are. Where setup has
// installed the npm package but the weights are still missing, that is a
// failure of setup, not a reason to skip.
inline std::optional<std::string> missing_recognition_weights() {
  const std::string weights = bundled_face_recognition_weights();
  if (std::filesystem::exists(weights)) return std::nullopt;
  const std::string why = weights + " is missing: run `bash scripts/setup.sh` (it converts face-api's model)";
  if (std::filesystem::exists(std::string(FACESR_SOURCE_DIR) + "/.cache/npm/node_modules/@vladmandic/face-api"))
    ADD_FAILURE() << "face-api is installed in .cache/npm but " << why;
  return why;
}

}  // namespace facesr::test
