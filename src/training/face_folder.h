// The HR face folder a training run learns from, split into training and
// validation images by sorted file name (the last `val_count` validate, the
// UTKFace convention of this project).
#pragma once

#include <filesystem>
#include <opencv2/core.hpp>
#include <vector>

namespace facesr::training {

struct FaceSplit {
  std::vector<std::filesystem::path> train;
  std::vector<std::filesystem::path> val;
};

// Throws facesr::Error naming the folder when it is missing or has too few
// images for the split.
FaceSplit split_face_folder(const std::filesystem::path& dir, int val_count);

// Variance of the Laplacian of the face's gray image after fit_to_square to
// `size`: low for blurry faces (the sharpness filter of data/README.md).
double face_sharpness(const cv::Mat& rgb, int size);

// The files whose face_sharpness at `size` is at least `min_sharpness`
// (unreadable ones are kept, so the sample stream reports them as usual).
std::vector<std::filesystem::path> sharp_faces(const std::vector<std::filesystem::path>& files, int size,
                                               double min_sharpness);

}  // namespace facesr::training
