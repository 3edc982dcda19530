#include "identity/face_recognizer.h"

#include "identity/face_api_input.h"
#include "io/image.h"

namespace facesr {

FaceRecognizer::FaceRecognizer(const std::string& weights, torch::Device device)
    : net_(load_face_recognition_net(weights, device)), device_(device) {}

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
