#include "training/losses/gan_loss.h"

#include "core/error.h"

namespace facesr::losses {

torch::Tensor hinge_discriminator(const torch::Tensor& real_logits, const torch::Tensor& fake_logits) {
  return torch::relu(1 - real_logits).mean() + torch::relu(1 + fake_logits).mean();
}

torch::Tensor hinge_generator(const torch::Tensor& fake_logits) { return -fake_logits.mean(); }

torch::Tensor vanilla_discriminator(const torch::Tensor& real_logits, const torch::Tensor& fake_logits) {
  return torch::binary_cross_entropy_with_logits(real_logits, torch::ones_like(real_logits)) +
         torch::binary_cross_entropy_with_logits(fake_logits, torch::zeros_like(fake_logits));
}

torch::Tensor vanilla_generator(const torch::Tensor& fake_logits) {
  return torch::binary_cross_entropy_with_logits(fake_logits, torch::ones_like(fake_logits));
}

namespace {

void require_scales(size_t count, size_t other, const char* loss) {
  if (count == 0 || count != other) {
    throw Error(std::string(loss) + ": got " + std::to_string(count) + " and " + std::to_string(other) +
                " discriminator scales; pass the outputs of the same MultiScaleDiscriminator for both");
  }
}

}  // namespace

torch::Tensor multiscale_hinge_discriminator(const std::vector<sparnet::DiscriminatorOutput>& real,
                                             const std::vector<sparnet::DiscriminatorOutput>& fake) {
  require_scales(real.size(), fake.size(), "multiscale_hinge_discriminator");
  torch::Tensor total = hinge_discriminator(real[0].score, fake[0].score);
  for (size_t k = 1; k < real.size(); ++k) total = total + hinge_discriminator(real[k].score, fake[k].score);
  return 0.5 * total / static_cast<double>(real.size());
}

torch::Tensor multiscale_hinge_generator(const std::vector<sparnet::DiscriminatorOutput>& fake) {
  require_scales(fake.size(), fake.size(), "multiscale_hinge_generator");
  torch::Tensor total = hinge_generator(fake[0].score);
  for (size_t k = 1; k < fake.size(); ++k) total = total + hinge_generator(fake[k].score);
  return total / static_cast<double>(fake.size());
}

}  // namespace facesr::losses
