#include "training/face_image.h"

#include "io/image.h"
#include "landmarks/landmark_file.h"

namespace facesr::training {

FaceImage read_face_image(const std::filesystem::path& file) {
  FaceImage face(read_rgb8(file.string()));
  const std::filesystem::path truth = std::filesystem::path(file).replace_extension(".txt");
  if (std::filesystem::exists(truth)) face.landmarks = read_landmark_file(truth.string());
  return face;
}

}  // namespace facesr::training
