#include "io/image_files.h"

#include <algorithm>

#include "core/error.h"

namespace facesr {

bool has_image_extension(const std::filesystem::path& path) {
  static const std::vector<std::string> kExt = {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp"};
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return std::find(kExt.begin(), kExt.end(), ext) != kExt.end();
}

std::vector<std::filesystem::path> list_images(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) throw Error(dir.string() + ": no such folder; check the path");
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.is_regular_file() && has_image_extension(e.path())) files.push_back(e.path());
  if (files.empty()) throw Error(dir.string() + ": folder has no images (.png, .jpg, .bmp, .tif, .webp)");
  std::sort(files.begin(), files.end());
  return files;
}

void make_output_folder(const std::filesystem::path& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (std::filesystem::is_directory(dir)) return;
  if (std::filesystem::exists(dir))
    throw Error(dir.string() + ": exists and is not a folder; pass a folder for the output");
  throw Error(dir.string() + ": cannot create the output folder (" + error.message() +
              "); pass a folder you can write to");
}

}  // namespace facesr
