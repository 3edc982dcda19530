// SPARNetHD (sparnet.md §5.2): blind degradation of each face at the model's
// size (common.md §3.2), a spectral-norm generator against a 3-scale hinge
// discriminator, G loss pix·L1 + fm·feature matching + g·hinge, D loss the
// halved multi-scale hinge on SR.detach(), G then D each step, and an EMA
// copy of G (ema_decay) that validation scores and export writes.
// The VGG19 perceptual term (pcp) needs ImageNet weights that no Debian
// package ships, so a recipe asking for it is refused; losses.identity adds
// the identity term (losses/identity_loss.h) to G's loss instead.
// Objective "ctcgan" (ctcnet.md §7, inferred: CTCGAN's code is unreleased) is
// the same GAN step on an upsampling model at 128: paired PIL-bicubic samples
// as CTCNet's (paired_sample.h), and as many discriminator scales (of 3) as
// the HR size allows: each scale's 4 stride-2 layers must leave at least the
// 3 px of the unpadded score conv, so 2 at 128 (128 and 64 px), 3 at 512.
#pragma once

#include <memory>

#include "models/sparnet/multiscale_discriminator.h"
#include "training/ema_weights.h"
#include "training/losses/identity_loss.h"
#include "training/objective.h"
#include "training/trained_network.h"

namespace facesr::training {

class SparnethdObjective : public Objective {
 public:
  SparnethdObjective(const Recipe& recipe, torch::Device device);

  // sparnethd: {degraded input, HR target}, both at the model's size; the
  // degradation is drawn from `rng` for validation too (a fixed seed there),
  // as without it input and target would be equal. ctcgan: the model's
  // bicubic {input, target} pair.
  std::vector<torch::Tensor> make_sample(const FaceImage& face, std::mt19937_64& rng, bool augment) const override;
  std::map<std::string, double> train_step(const std::vector<torch::Tensor>& batch, int64_t step) override;
  SRNetwork& generator() override { return ema_ ? ema_->network() : *generator_; }
  std::vector<TrainedNetwork*> networks() override { return {trained_g_.get(), trained_d_.get()}; }
  void append_state(safetensors::NamedTensors& out) const override;
  void load_state(const std::map<std::string, torch::Tensor>& state, const std::string& source) override;

 private:
  Recipe recipe_;
  const ModelSpec& spec_;
  torch::Device device_;
  std::shared_ptr<SRNetwork> generator_;
  sparnet::MultiScaleDiscriminator discriminator_{nullptr};
  std::unique_ptr<TrainedNetwork> trained_g_, trained_d_;
  std::unique_ptr<EmaWeights> ema_;
  std::unique_ptr<losses::IdentityLoss> identity_;  // null unless losses.identity > 0
  bool paired_bicubic_ = false;                     // objective "ctcgan"
};

}  // namespace facesr::training
