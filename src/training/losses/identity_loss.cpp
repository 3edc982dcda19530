#include "training/losses/identity_loss.h"

#include <fmt/format.h>

#include "core/error.h"
#include "identity/descriptor_distance.h"
#include "identity/face_api_input.h"
#include "inference/model_choice.h"

namespace facesr::losses {

torch::Tensor convention_to_rgb255(const torch::Tensor& images, const ImageConvention& c) {
  torch::Tensor x = images;
  if (c.mean[0] != 0.f || c.mean[1] != 0.f || c.mean[2] != 0.f)
    x = x + torch::tensor({c.mean[0], c.mean[1], c.mean[2]}, x.options()).view({1, 3, 1, 1});
  if (c.bgr) x = x.flip(1);
  switch (c.range) {
    case ValueRange::ZeroOne: return x * 255.0f;
    case ValueRange::MinusOneOne: return (x + 1.0f) * 127.5f;
    case ValueRange::ZeroTo255: return x;
  }
  return x;
}

IdentityLoss::IdentityLoss(const ImageConvention& convention, torch::Device device, const std::string& weights)
    : convention_(convention), net_(nullptr) {
  try {
    net_ = load_face_recognition_net(weights, device);
  } catch (const Error& e) {
    throw Error(std::string(e.what()) + "; or set losses.identity=0");
  }
}

torch::Tensor IdentityLoss::descriptors(const torch::Tensor& images) const {
  // ptr(): a const loss still runs its network (eval mode, frozen: no state changes).
  return net_.ptr()->forward(face_api_input(convention_to_rgb255(images.to(torch::kFloat32), convention_)));
}

torch::Tensor IdentityLoss::operator()(const torch::Tensor& sr, const torch::Tensor& hr) const {
  torch::Tensor target;
  {
    torch::NoGradGuard no_grad;
    target = descriptors(hr);
  }
  return (1.0 - descriptor_cosine_similarity(descriptors(sr), target)).mean();
}

std::unique_ptr<IdentityLoss> make_identity_loss(const training::Recipe& recipe, const ImageConvention& convention,
                                                 torch::Device device) {
  const double weight = recipe.loss_weight("identity");
  if (weight < 0) throw Error(fmt::format("recipe {}: losses.identity must be >= 0, got {}", recipe.name, weight));
  if (weight == 0) return nullptr;
  return std::make_unique<IdentityLoss>(convention, device, bundled_face_recognition_weights());
}

}  // namespace facesr::losses
