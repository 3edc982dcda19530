// Which files count as images, and the images of a folder.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace facesr {

// True for the extensions facesr reads: png, jpg/jpeg, bmp, tif/tiff, webp.
bool has_image_extension(const std::filesystem::path& path);

// The image files directly inside `dir`, sorted by name. Throws facesr::Error
// if the folder is missing or holds no image.
std::vector<std::filesystem::path> list_images(const std::filesystem::path& dir);

}  // namespace facesr
