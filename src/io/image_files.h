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

// Creates the output folder `dir` (and its parents). Throws facesr::Error
// naming it when it cannot be made (a file in the way, no permission).
void make_output_folder(const std::filesystem::path& dir);

}  // namespace facesr
