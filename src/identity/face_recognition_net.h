// dlib's face-recognition ResNet-29 (dlib_face_recognition_resnet_model_v1,
// public domain) as face-api.js runs it (faceRecognitionNet/FaceRecognitionNet.ts):
// 150x150 RGB in, a 128-D descriptor out; two faces of one person lie within
// euclidean distance 0.6 (99.38% on LFW per dlib). Keys are face-api's weight
// names with '/' as '.' and PyTorch leaf names (tools/convert_face_recognition.js):
// conv32_down.conv.weight, conv32_1.conv1.scale.bias, ..., fc.weight.
#pragma once

#include <torch/torch.h>

#include <string>

#include "identity/recognition_residual.h"
#include "identity/scaled_conv.h"

namespace facesr {

class FaceRecognitionNetImpl : public torch::nn::Module {
 public:
  static constexpr int64_t kInputSize = 150;
  static constexpr int64_t kDescriptorSize = 128;

  FaceRecognitionNetImpl();

  // (N, 3, 150, 150) float, prepared by face_api_input → (N, 128) descriptors.
  torch::Tensor forward(const torch::Tensor& x);

  ScaledConv conv32_down{nullptr};
  RecognitionResidual conv32_1{nullptr}, conv32_2{nullptr}, conv32_3{nullptr};
  RecognitionResidual conv64_down{nullptr}, conv64_1{nullptr}, conv64_2{nullptr}, conv64_3{nullptr};
  RecognitionResidual conv128_down{nullptr}, conv128_1{nullptr}, conv128_2{nullptr};
  RecognitionResidual conv256_down{nullptr}, conv256_1{nullptr}, conv256_2{nullptr}, conv256_down_out{nullptr};
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(FaceRecognitionNet);

// The network with `weights` loaded strictly, frozen (eval mode, no gradient
// to its weights) and on `device`. Throws facesr::Error naming the file and
// the script that makes it when it is missing.
FaceRecognitionNet load_face_recognition_net(const std::string& weights, torch::Device device);

}  // namespace facesr
