#include "evaluation/identity_scorer.h"

#include <algorithm>

#include "core/batches.h"
#include "identity/descriptor_distance.h"

namespace facesr::evaluation {

IdentityScorer::IdentityScorer(const EvalSet& set, const FaceRecognizer& recognizer, int batch_size)
    : recognizer_(recognizer) {
  std::vector<torch::Tensor> batches;
  for_each_batch(set.images.size(), batch_size, [&](size_t begin, size_t end) {
    std::vector<cv::Mat> faces;
    for (size_t i = begin; i < end; ++i) faces.push_back(set.images[i].hr);
    batches.push_back(recognizer_.descriptors(faces));
  });
  hr_ = batches.empty() ? torch::zeros({0, FaceRecognitionNetImpl::kDescriptorSize}, torch::kDouble)
                        : torch::cat(batches).to(torch::kDouble);
}

std::vector<metrics::NamedMetric> IdentityScorer::scores(size_t index, const cv::Mat& sr) const {
  const torch::Tensor d = recognizer_.descriptors({sr})[0].to(torch::kDouble);
  const torch::Tensor hr = hr_[static_cast<int64_t>(index)];
  const double distance = dlib_distance(d, hr).item<double>();
  return {{"identity_cosine", descriptor_cosine_similarity(d, hr).item<double>()},
          {"identity_dlib_distance", distance},
          {"identity_same_person", distance < kDlibSamePersonDistance ? 1.0 : 0.0}};
}

}  // namespace facesr::evaluation
