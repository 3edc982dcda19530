// Inputs and outputs of work that writes one image per input image (upscale, restore).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace facesr {

// Files as given, folders expanded to their images (sorted, not recursive).
// Throws facesr::Error for a path that does not exist.
std::vector<std::filesystem::path> collect_inputs(const std::vector<std::string>& inputs);

// The error when none of `count` inputs could be read: a single input's own
// problem as it is, else the count and the first problem.
std::string no_readable_input(size_t count, const std::string& first_problem);

// OUT/<stem><suffix>.<ext>; ext "auto" keeps the input's own extension.
struct OutputNaming {
  std::string dir;
  std::string suffix;
  std::string ext = "png";
  // --skip-existing: inputs whose output already exists are left alone, so a
  // re-run finishes a folder that was interrupted (outputs appear atomically,
  // so an existing one is whole).
  bool skip_existing = false;

  // Throws facesr::Error if the target would overwrite the input.
  std::filesystem::path target(const std::filesystem::path& input) const;
  // `files` less, with skip_existing, those whose target exists.
  std::vector<std::filesystem::path> pending(const std::vector<std::filesystem::path>& files) const;
};

}  // namespace facesr
