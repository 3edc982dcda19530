#include "inference/model_choice.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>

#include "core/error.h"
#include "core/install_dirs.h"
#include "io/safetensors.h"

namespace facesr {

namespace {

std::string bundled(const char* file) {
  const char* dir = std::getenv("FACESR_MODELS_DIR");
  // The source tree's models/ while developing; the installed copy (cmake --install) where that tree is gone.
  if (!dir) dir = std::filesystem::is_directory(FACESR_MODELS_DIR) ? FACESR_MODELS_DIR : installed_models_dir();
  return (std::filesystem::path(dir) / file).string();
}

}  // namespace

std::string bundled_default_weights() { return bundled("sparnet-tiny-utkface.safetensors"); }

std::string bundled_restorer_weights() { return bundled("sparnet-restore-utkface.safetensors"); }

std::string bundled_face_recognition_weights() { return bundled("dlib-face-recognition.safetensors"); }

ModelChoice choose_model(const std::string& model, const std::string& weights) {
  if (!model.empty()) return {model, weights, std::nullopt};
  const std::string path = weights.empty() ? bundled_default_weights() : weights;
  safetensors::File file = safetensors::File::open(path);
  const auto arch = file.metadata().find("facesr_arch");
  if (arch == file.metadata().end())
    throw Error(fmt::format("{}: the weights do not say which model they are for; pass -m MODEL", path));
  return {arch->second, path, std::move(file)};
}

}  // namespace facesr
