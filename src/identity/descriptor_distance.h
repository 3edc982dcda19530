// How alike two faces are by their 128-D descriptors (face_recognizer.h).
// Both work row by row on (N, 128) tensors, or on two (128) vectors, in the
// inputs' dtype.
#pragma once

#include <torch/torch.h>

namespace facesr {

// dlib's rule: two faces are one person when their distance is below this.
constexpr double kDlibSamePersonDistance = 0.6;

// Cosine of the angle between the descriptors: 1 for the same direction.
torch::Tensor descriptor_cosine_similarity(const torch::Tensor& a, const torch::Tensor& b);

// Euclidean distance, dlib's and face-api's measure (face-api's euclideanDistance).
torch::Tensor dlib_distance(const torch::Tensor& a, const torch::Tensor& b);

}  // namespace facesr
