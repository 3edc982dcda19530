// The UTKFace faces of the shared data, in file-name order, as the training
// objectives' tests read them.
#pragma once

#include <opencv2/core.hpp>

#include "io/image.h"
#include "io/image_files.h"
#include "test_paths.h"

namespace facesr::test {

inline cv::Mat utkface_face(size_t index) {
  return read_rgb8(list_images(shared_dir() / "data" / "utkface").at(index).string());
}

}  // namespace facesr::test
