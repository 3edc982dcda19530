// Ground-truth landmark files as in ../shared/data/300w_train: 68 lines "x y"
// in the image's pixel coordinates.
#pragma once

#include <string>

#include "landmarks/face_landmarks.h"

namespace facesr {

// Reads a 68-point file; throws facesr::Error naming the file and line.
Landmarks read_landmark_file(const std::string& path);

}  // namespace facesr
