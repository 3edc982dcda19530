// SPARNet, SPARNet-Light and CTCNet (sparnet.md §5.1, ctcnet.md §6): paired
// bicubic LR, one generator, weighted L1 (and optional MSE) to the HR face.
// With the recipe's degradation "blind" or "photo", the same loss trains a
// restoration model on degraded faces of its own size. losses.identity adds
// the identity term (losses/identity_loss.h) on SR vs HR.
#pragma once

#include <memory>

#include "training/losses/identity_loss.h"
#include "training/objective.h"
#include "training/trained_network.h"

namespace facesr::training {

class PixelObjective : public Objective {
 public:
  PixelObjective(const Recipe& recipe, torch::Device device);

  std::vector<torch::Tensor> make_sample(const FaceImage& face, std::mt19937_64& rng, bool augment) const override;
  std::map<std::string, double> train_step(const std::vector<torch::Tensor>& batch, int64_t step) override;
  SRNetwork& generator() override { return *generator_; }
  std::vector<TrainedNetwork*> networks() override { return {trained_.get()}; }

 private:
  Recipe recipe_;
  const ModelSpec& spec_;
  torch::Device device_;
  std::shared_ptr<SRNetwork> generator_;
  std::unique_ptr<TrainedNetwork> trained_;
  std::unique_ptr<losses::IdentityLoss> identity_;  // null unless losses.identity > 0
};

}  // namespace facesr::training
