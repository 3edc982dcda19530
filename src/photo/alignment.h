// Aligning a face in a photo to a model's canonical frame: the similarity
// transform that takes its five points onto the template, and the crop.
#pragma once

#include <opencv2/core.hpp>

#include "photo/five_points.h"

namespace facesr {

// The least-squares similarity (rotation, uniform scale, translation; never a
// reflection) taking `from` onto `to`: Umeyama's closed form in 2-D.
cv::Matx23d similarity_transform(const FivePoints& from, const FivePoints& to);

// The size x size RGB8 crop whose pixel (u, v) shows the photo at
// to_crop^-1(u, v), interpolated with Lanczos. Where the transform shrinks the photo, the face is first
// warped at its own resolution and then reduced with PIL bicubic, which
// antialiases. Beyond the photo's edges the border is mirrored.
cv::Mat warp_to_crop(const cv::Mat& photo, const cv::Matx23d& to_crop, int size);

}  // namespace facesr
