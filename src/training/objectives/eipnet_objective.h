// EIPNet (eipnet.md §4, official train.py): samples from its own pipeline
// (bilinear 128²→16² cascade, flip and right-angle rotations, Canny targets at
// 32/64/128), G loss lce·[MSE(RGB) + MSE(YUV)] + edge·Σ MSE(edge_k, Canny_k) +
// adv·BCE(D(SR), 1) on the [0,255] scale, and a vanilla-GAN discriminator
// stepped once before each G step. One deviation: the official loop feeds D
// and G two different random batches; here both see the step's batch.
// The paper's identity loss (eipnet.md §5; not in the released code) is
// inferred: losses.identity · (1 − cos) of dlib's face descriptors of SR and
// HR (losses/identity_loss.h), a fourth term of G's loss; configs/eipnet.json
// says what is inferred and why.
#pragma once

#include <memory>

#include "models/eipnet/discriminator.h"
#include "models/eipnet/eipnet.h"
#include "training/losses/identity_loss.h"
#include "training/objective.h"
#include "training/trained_network.h"

namespace facesr::training {

class EipnetObjective : public Objective {
 public:
  EipnetObjective(const Recipe& recipe, torch::Device device);

  // {LR 3×16×16, HR 3×128×128, Canny 1×32², 1×64², 1×128²}, all on [0,255].
  std::vector<torch::Tensor> make_sample(const FaceImage& face, std::mt19937_64& rng, bool augment) const override;
  std::map<std::string, double> train_step(const std::vector<torch::Tensor>& batch, int64_t step) override;
  SRNetwork& generator() override { return *generator_; }
  std::vector<TrainedNetwork*> networks() override { return {trained_g_.get(), trained_d_.get()}; }

 private:
  Recipe recipe_;
  const ModelSpec& spec_;
  torch::Device device_;
  std::shared_ptr<eipnet::EipnetGeneratorImpl> generator_;
  eipnet::EipnetDiscriminator discriminator_{nullptr};
  std::unique_ptr<TrainedNetwork> trained_g_, trained_d_;
  std::unique_ptr<losses::IdentityLoss> identity_;  // null unless losses.identity > 0
};

}  // namespace facesr::training
