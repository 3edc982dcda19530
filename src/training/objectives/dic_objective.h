// DIC and DICGAN (dic.md §8-10): paired bicubic LR 128→16 without
// augmentation (the official CelebA recipe) and 68-point heatmap targets
// from dlib's landmarks on the HR crop (as mmagic takes FAN's on its 128² GT).
//  * dic:    Σ_t [l1 · L1(SR_t, HR) + align · MSE(H_t, H_gt)] over the 4 steps.
//  * dicgan: fine-tunes a trained DIC (recipe.pretrained) with its hourglass
//            frozen: l1 · 4·L1(SR_3, HR) (the official loop adds the final SR
//            once per step) + align · Σ_t MSE + adv · BCE(D(SR_3), 1) against
//            the LightCNN-9 discriminator, which is then stepped on SR_3.detach().
//            The LightCNN perceptual term (feat) needs LightCNN_feature.pth,
//            which is not available offline, so it is refused.
#pragma once

#include <memory>

#include "models/dic/dic.h"
#include "models/dic/light_cnn.h"
#include "training/losses/identity_loss.h"
#include "training/objective.h"
#include "training/trained_network.h"

namespace facesr::training {

class DicObjective : public Objective {
 public:
  DicObjective(const Recipe& recipe, torch::Device device);

  // {LR input, HR target, 68×32×32 heatmaps}. A face dlib cannot find throws
  // facesr::Error, so the sample stream substitutes it and reports the file.
  std::vector<torch::Tensor> make_sample(const FaceImage& face, std::mt19937_64& rng, bool augment) const override;
  std::map<std::string, double> train_step(const std::vector<torch::Tensor>& batch, int64_t step) override;
  SRNetwork& generator() override { return *generator_; }
  std::vector<TrainedNetwork*> networks() override;

 private:
  Recipe recipe_;
  const ModelSpec& spec_;
  torch::Device device_;
  bool adversarial_;  // dicgan
  std::shared_ptr<dic::DICImpl> generator_;
  dic::LightCNNDiscriminator discriminator_{nullptr};
  std::unique_ptr<TrainedNetwork> trained_, trained_d_;
  std::unique_ptr<losses::IdentityLoss> identity_;  // null unless losses.identity > 0
};

}  // namespace facesr::training
