#include "identity/descriptor_distance.h"

namespace facesr {

torch::Tensor descriptor_cosine_similarity(const torch::Tensor& a, const torch::Tensor& b) {
  // The floor keeps a zero descriptor (face-api's answer for an empty crop) from dividing by zero.
  return (a * b).sum(-1) / (a.norm(2, -1) * b.norm(2, -1)).clamp_min(1e-12);
}

torch::Tensor dlib_distance(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).norm(2, -1); }

}  // namespace facesr
