#include "io/output_naming.h"

#include <fmt/format.h>

#include "core/error.h"
#include "io/image_files.h"

namespace facesr {

namespace fs = std::filesystem;

std::string no_readable_input(size_t count, const std::string& first_problem) {
  return count == 1 ? first_problem
                    : fmt::format("none of the {} inputs could be read (the first: {})", count, first_problem);
}

std::vector<fs::path> collect_inputs(const std::vector<std::string>& inputs) {
  std::vector<fs::path> files;
  for (const std::string& in : inputs) {
    const fs::path p(in);
    if (fs::is_directory(p)) {
      const std::vector<fs::path> found = list_images(p);
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(p)) {
      files.push_back(p);
    } else {
      throw Error(in + ": no such file or folder; check the path");
    }
  }
  return files;
}

fs::path OutputNaming::target(const fs::path& input) const {
  const std::string extension = ext == "auto" ? input.extension().string() : "." + ext;
  const fs::path out = fs::path(dir) / (input.stem().string() + suffix + extension);
  if (fs::exists(out) && fs::equivalent(out, input))
    throw Error(input.string() + ": output would overwrite the input; choose another -o or --suffix");
  return out;
}

std::vector<fs::path> OutputNaming::pending(const std::vector<fs::path>& files) const {
  if (!skip_existing) return files;
  std::vector<fs::path> left;
  for (const fs::path& file : files) {
    std::error_code ec;
    if (!fs::exists(target(file), ec)) left.push_back(file);
  }
  return left;
}

}  // namespace facesr
