#include "identity/face_recognizer.h"

#include <fmt/format.h>

#include <filesystem>

#include "core/error.h"
#include "identity/face_api_input.h"
#include "io/image.h"
#include "weights/state_dict.h"

namespace facesr {

FaceRecognizer::FaceRecognizer(const std::string& weights, torch::Device device) : device_(device) {
  if (!std::filesystem::exists(weights))
    throw Error(fmt::format(
        "{}: face-recognition weights not found; run `bash scripts/setup.sh` (it converts dlib's network from the "
        "@vladmandic/face-api npm package with tools/convert_face_recognition.js)",
        weights));
  load_weights(*net_, weights);
  net_->eval();
  net_->to(device_);
}

torch::Tensor FaceRecognizer::descriptors(const std::vector<cv::Mat>& faces) const {
  if (faces.empty()) return torch::zeros({0, FaceRecognitionNetImpl::kDescriptorSize});
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> inputs;
  for (const cv::Mat& face : faces)
    inputs.push_back(face_api_input(image_to_tensor(face, ValueRange::ZeroTo255).to(device_)));
  // ptr(): a const recognizer still runs its network (inference changes no state).
  return net_.ptr()->forward(torch::cat(inputs)).cpu();
}

}  // namespace facesr
