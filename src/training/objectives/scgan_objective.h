// SCGAN (scgan.md §1-5): unpaired training of the restoration network G_RLS
// from an HR face folder (--data, resized to 64²) and a folder of real 16²
// LR faces (recipe.lr_data), with two degradation networks G_DHL (forward
// cycle, HR + z → LR) and G_DSL (backward cycle, SR of real LR + z → LR) and
// four spectral-norm hinge discriminators (D_L1, D_H1 on the forward cycle,
// D_L2, D_H2 on the backward one). Each step computes every generator output
// once, steps the four D's, then each generator on its own loss against the
// updated D's; the hand-offs between generators are detached. Loss weights:
// alpha (content), beta (adversarial), theta (forward cycle of G_RLS), gamma
// (its real-LR anchor to the torch-bicubic upsampled LR).
// One deviation: each sample draws its real LR uniformly (with replacement)
// instead of walking a shuffled permutation.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "models/scgan/degradation_generator.h"
#include "models/scgan/discriminator.h"
#include "training/losses/identity_loss.h"
#include "training/objective.h"
#include "training/trained_network.h"

namespace facesr::training {

class ScganObjective : public Objective {
 public:
  ScganObjective(const Recipe& recipe, torch::Device device);

  // Training: {bicubic LR of the HR, HR 64², a real LR 16², z (1×64)};
  // validation: the first two only, so it scores G_RLS on bicubic LR.
  std::vector<torch::Tensor> make_sample(const FaceImage& face, std::mt19937_64& rng, bool augment) const override;
  std::map<std::string, double> train_step(const std::vector<torch::Tensor>& batch, int64_t step) override;
  SRNetwork& generator() override { return *restoration_; }
  std::vector<TrainedNetwork*> networks() override;

 private:
  Recipe recipe_;
  const ModelSpec& spec_;
  torch::Device device_;
  std::vector<std::filesystem::path> real_lr_files_;
  std::shared_ptr<SRNetwork> restoration_;                          // G_RLS
  scgan::ScganDegradationGenerator forward_degradation_{nullptr};   // G_DHL
  scgan::ScganDegradationGenerator backward_degradation_{nullptr};  // G_DSL
  scgan::ScganDiscriminator d_l1_{nullptr}, d_h1_{nullptr}, d_l2_{nullptr}, d_h2_{nullptr};
  std::vector<std::unique_ptr<TrainedNetwork>> trained_;  // G_RLS, G_DHL, G_DSL, D_L1, D_H1, D_L2, D_H2
  // losses.identity: G_RLS's forward-cycle SR (of G_DHL's LR) against its HR.
  std::unique_ptr<losses::IdentityLoss> identity_;  // null unless losses.identity > 0
};

}  // namespace facesr::training
