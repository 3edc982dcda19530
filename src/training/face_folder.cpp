#include "training/face_folder.h"

#include <fmt/format.h>

#include "core/error.h"
#include "io/image_files.h"

namespace facesr::training {

FaceSplit split_face_folder(const std::filesystem::path& dir, int val_count) {
  if (!std::filesystem::is_directory(dir))
    throw Error(fmt::format("{}: no such folder; pass --data DIR with your HR face images", dir.string()));
  std::vector<std::filesystem::path> files = list_images(dir);
  if (val_count < 0) val_count = 0;
  if (files.size() < static_cast<size_t>(val_count) + 1)
    throw Error(fmt::format("{}: {} images, but training needs more than the {} kept for validation; add images or "
                            "lower --set val_count=N",
                            dir.string(), files.size(), val_count));
  FaceSplit split;
  const auto cut = files.end() - val_count;
  split.train.assign(files.begin(), cut);
  split.val.assign(cut, files.end());
  return split;
}

}  // namespace facesr::training
