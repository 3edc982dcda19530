#include "training/losses/feature_matching.h"

#include "core/error.h"

namespace facesr::losses {

torch::Tensor feature_matching(const std::vector<sparnet::DiscriminatorOutput>& fake,
                               const std::vector<sparnet::DiscriminatorOutput>& real) {
  if (fake.empty() || fake.size() != real.size()) {
    throw Error("feature_matching: got " + std::to_string(fake.size()) + " fake and " + std::to_string(real.size()) +
                " real discriminator scales; pass outputs of the same MultiScaleDiscriminator");
  }
  torch::Tensor total = torch::zeros({}, fake[0].score.options());
  for (size_t k = 0; k < fake.size(); ++k) {
    if (fake[k].features.size() != real[k].features.size()) {
      throw Error("feature_matching: scale " + std::to_string(k) + " has " + std::to_string(fake[k].features.size()) +
                  " fake and " + std::to_string(real[k].features.size()) + " real feature maps");
    }
    for (size_t l = 0; l < fake[k].features.size(); ++l) {
      total = total + torch::l1_loss(fake[k].features[l], real[k].features[l].detach());
    }
  }
  return total / static_cast<double>(fake.size());
}

}  // namespace facesr::losses
