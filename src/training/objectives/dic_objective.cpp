#include "training/objectives/dic_objective.h"

#include <fmt/format.h>

#include "core/error.h"
#include "landmarks/face_landmarks.h"
#include "models/convention.h"
#include "training/autocast.h"
#include "training/degradation/landmark_heatmaps.h"
#include "training/losses/dic_alignment.h"
#include "training/losses/gan_loss.h"
#include "training/paired_bicubic.h"
#include "training/paired_sample.h"

namespace facesr::training {

namespace {

void set_trainable(torch::nn::Module& network, bool trainable) {
  for (auto& p : network.parameters()) p.set_requires_grad(trainable);
}

// The ground-truth points when the face has a landmark file, else dlib's
// prediction on the HR crop (dic.md §5: the official data carries files).
Landmarks landmark_targets(const FaceImage& face, const cv::Mat& hr, int hr_size) {
  if (!face.landmarks.empty()) return fit_landmarks_to_square(face.landmarks, face.rgb.size(), hr_size);
  // One predictor per loader thread: dlib's detector keeps scratch state.
  thread_local const LandmarkPredictor predictor;
  const cv::Rect box = predictor.detect_face(hr);
  if (box.empty())
    throw Error("dlib finds no face in it and it has no <name>.txt landmark file, so DIC has no landmark targets; "
                "crop it to a frontal face, add the 68-point file, or remove it");
  return predictor.predict(hr, box);
}

}  // namespace

DicObjective::DicObjective(const Recipe& recipe, torch::Device device)
    : recipe_(recipe), spec_(find_model(recipe.model)), device_(device), adversarial_(recipe.objective == "dicgan") {
  if (adversarial_ && recipe.pretrained.empty())
    throw Error(fmt::format("recipe {}: DICGAN fine-tunes a trained DIC; train the dic recipe first and pass "
                            "--set pretrained=RUN/best.safetensors",
                            recipe.name));
  if (recipe.loss_weight("feat") > 0)
    throw Error(fmt::format("recipe {}: the LightCNN perceptual loss needs LightCNN_feature.pth, which is not "
                            "available offline; set losses.feat=0",
                            recipe.name));
  generator_ = std::dynamic_pointer_cast<dic::DICImpl>(make_generator(recipe, device));
  if (!generator_)
    throw Error(fmt::format("recipe {}: objective '{}' trains the dic model, not {}", recipe.name, recipe.objective,
                            recipe.model));
  if (adversarial_) {
    // The official DICGAN never releases the hourglass (release_HG_grad_step 2e6).
    for (auto& p : generator_->named_parameters())
      if (p.key().rfind("HG.", 0) == 0) p.value().set_requires_grad(false);
    discriminator_ = dic::LightCNNDiscriminator();  // PyTorch's default init, as with `pretrain: true`
    discriminator_->to(device);
    trained_d_ = std::make_unique<TrainedNetwork>("D", discriminator_.ptr(),
                                                  recipe.d_lr > 0 ? recipe.d_lr : recipe.lr, recipe.beta1,
                                                  recipe.beta2);
  }
  trained_ = std::make_unique<TrainedNetwork>("G", generator_, recipe.lr, recipe.beta1, recipe.beta2);
  identity_ = losses::make_identity_loss(recipe, spec_.convention, device);  // on the final SR
}

std::vector<TrainedNetwork*> DicObjective::networks() {
  if (trained_d_) return {trained_.get(), trained_d_.get()};
  return {trained_.get()};
}

std::vector<torch::Tensor> DicObjective::make_sample(const FaceImage& face, std::mt19937_64& rng, bool) const {
  const ImageConvention& c = spec_.convention;
  const PairedFaces pair = paired_bicubic(face.rgb, c.output_size, c.lr_size, /*augment=*/false, rng);
  return {faces_to_input({pair.lr}, c)[0], faces_to_target({pair.hr}, c)[0],
          landmark_heatmaps(landmark_targets(face, pair.hr, c.output_size), c.output_size)};
}

std::map<std::string, double> DicObjective::train_step(const std::vector<torch::Tensor>& batch, int64_t) {
  const torch::Tensor& hr = batch[1];
  generator_->train();
  dic::DICSteps steps;
  {
    AutocastGuard autocast(recipe_.precision, device_);
    steps = generator_->forward_steps(batch[0]);
  }
  std::vector<torch::Tensor> sr, heatmaps;
  for (const torch::Tensor& s : steps.sr) sr.push_back(s.to(torch::kFloat32));
  for (const torch::Tensor& h : steps.heatmaps) heatmaps.push_back(h.to(torch::kFloat32));
  torch::Tensor l1 = torch::zeros({}, hr.options());
  // DICGAN's official loop adds the final SR's L1 once per step: 4·L1(SR_3).
  for (const torch::Tensor& s : sr) l1 = l1 + torch::l1_loss(adversarial_ ? sr.back() : s, hr);
  const torch::Tensor align = losses::dic_alignment(heatmaps, batch[2]);
  torch::Tensor loss = recipe_.loss_weight("l1") * l1 + recipe_.loss_weight("align") * align;
  std::map<std::string, double> values{{"l1", l1.item<double>()}, {"align", align.item<double>()}};
  if (identity_) {
    const torch::Tensor identity = (*identity_)(sr.back(), hr);
    loss = loss + recipe_.loss_weight("identity") * identity;
    values["identity"] = identity.item<double>();
  }
  if (adversarial_) {
    set_trainable(*discriminator_, false);
    const torch::Tensor adv = losses::vanilla_generator(discriminator_->forward(sr.back()));
    set_trainable(*discriminator_, true);
    loss = loss + recipe_.loss_weight("adv") * adv;
    values["adv"] = adv.item<double>();
  }
  values["loss"] = loss.item<double>();
  require_finite(values, "loss");
  trained_->step(loss, recipe_.grad_clip);
  if (adversarial_) {
    const torch::Tensor loss_d =
        losses::vanilla_discriminator(discriminator_->forward(hr), discriminator_->forward(sr.back().detach()));
    values["d"] = loss_d.item<double>();
    require_finite(values, "d");
    trained_d_->step(loss_d, recipe_.grad_clip);
  }
  return values;
}

}  // namespace facesr::training
