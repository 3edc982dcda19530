// Identity loss for any recipe (`losses.identity` weight): how far the SR
// face's identity is from its HR face's, by dlib's face-recognition ResNet
// (identity/face_recognizer.h) with face-api's preprocessing, written in
// tensor ops so the gradient reaches the SR image:
//   identity = mean over the batch of 1 − cos(desc(SR), desc(HR)),
// 0 for identical faces, about 0.1 for two different people (dlib
// descriptors of unlike faces still point roughly the same way). The
// recognition network is frozen (eval mode, no gradient to its weights) and
// belongs to no TrainedNetwork, so checkpoints and the schedule never see it.
// Images come in the model's own tensor convention (value range, channel
// order, mean) and are brought to RGB 0..255 first.
#pragma once

#include <torch/torch.h>

#include <memory>
#include <string>

#include "identity/face_recognition_net.h"
#include "models/registry.h"
#include "training/recipe.h"

namespace facesr::losses {

// A batch in `convention`'s output space (range, BGR, mean) → RGB on 0..255,
// differentiable and unclamped.
torch::Tensor convention_to_rgb255(const torch::Tensor& images, const ImageConvention& convention);

class IdentityLoss {
 public:
  // Loads the recognition weights onto `device`; throws facesr::Error naming
  // the file and scripts/make_face_recognition_weights.sh when it is missing.
  IdentityLoss(const ImageConvention& convention, torch::Device device, const std::string& weights);

  // (N, 3, H, W) SR and HR in the convention → scalar mean 1 − cosine. The
  // gradient flows to `sr` only (HR descriptors are computed without one).
  torch::Tensor operator()(const torch::Tensor& sr, const torch::Tensor& hr) const;

  // (N, 128) descriptors of a batch in the convention, differentiable in `images`.
  torch::Tensor descriptors(const torch::Tensor& images) const;

  const FaceRecognitionNet& network() const { return net_; }

 private:
  ImageConvention convention_;
  FaceRecognitionNet net_;
};

// The identity loss a recipe asks for (losses.identity > 0), for a generator
// whose output follows `convention`, with the bundled weights
// (models/dlib-face-recognition.safetensors); null when the weight is 0.
std::unique_ptr<IdentityLoss> make_identity_loss(const training::Recipe& recipe, const ImageConvention& convention,
                                                 torch::Device device);

}  // namespace facesr::losses
