// The model arguments `upscale` and `restore` share (-m, -w, -b, --device), so
// both pick and run their network the same way.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "inference/face_upscaler.h"

namespace facesr::cli {

struct ModelArguments {
  std::string model;  // empty: the one the weights name, or the bundled default
  std::string weights;
  int batch_size = 16;
  std::string device = "cpu";
  bool flip_ensemble = false;
  bool bf16 = false;

  // The network choose_model() selects, loaded on `device`.
  FaceUpscaler make_upscaler() const;
};

void add_model_arguments(CLI::App& cmd, ModelArguments& options);

// --flip-ensemble's and --bf16's help, for `eval`'s own model options too.
extern const char* const kFlipEnsembleHelp;
extern const char* const kBf16Help;

}  // namespace facesr::cli
