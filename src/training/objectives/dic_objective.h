// DIC (dic.md §8-10): paired bicubic LR 128→16 without augmentation (the
// official CelebA recipe), 68-point heatmap targets from dlib's landmarks on
// the HR crop (as mmagic takes FAN's on its 128² GT), and
// Σ_t [l1 · L1(SR_t, HR) + align · MSE(H_t, H_gt)] over the 4 recurrent steps.
#pragma once

#include <memory>

#include "models/dic/dic.h"
#include "training/objective.h"
#include "training/trained_network.h"

namespace facesr::training {

class DicObjective : public Objective {
 public:
  DicObjective(const Recipe& recipe, torch::Device device);

  // {LR input, HR target, 68×32×32 heatmaps}. A face dlib cannot find throws
  // facesr::Error, so the sample stream substitutes it and reports the file.
  std::vector<torch::Tensor> make_sample(const cv::Mat& rgb, std::mt19937_64& rng, bool augment) const override;
  std::map<std::string, double> train_step(const std::vector<torch::Tensor>& batch, int64_t step) override;
  SRNetwork& generator() override { return *generator_; }
  std::vector<TrainedNetwork*> networks() override { return {trained_.get()}; }

 private:
  Recipe recipe_;
  const ModelSpec& spec_;
  torch::Device device_;
  std::shared_ptr<dic::DICImpl> generator_;
  std::unique_ptr<TrainedNetwork> trained_;
};

}  // namespace facesr::training
