// The HR face folder a training run learns from, split into training and
// validation images by sorted file name (the last `val_count` validate, the
// UTKFace convention of this project).
#pragma once

#include <filesystem>
#include <vector>

namespace facesr::training {

struct FaceSplit {
  std::vector<std::filesystem::path> train;
  std::vector<std::filesystem::path> val;
};

// Throws facesr::Error naming the folder when it is missing or has too few
// images for the split.
FaceSplit split_face_folder(const std::filesystem::path& dir, int val_count);

}  // namespace facesr::training
