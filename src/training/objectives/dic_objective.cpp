#include "training/objectives/dic_objective.h"

#include <fmt/format.h>

#include "core/error.h"
#include "landmarks/face_landmarks.h"
#include "models/convention.h"
#include "training/autocast.h"
#include "training/degradation/landmark_heatmaps.h"
#include "training/losses/dic_alignment.h"
#include "training/paired_bicubic.h"
#include "training/paired_sample.h"

namespace facesr::training {

DicObjective::DicObjective(const Recipe& recipe, torch::Device device)
    : recipe_(recipe), spec_(find_model(recipe.model)), device_(device) {
  generator_ = std::dynamic_pointer_cast<dic::DICImpl>(make_generator(recipe, device));
  if (!generator_)
    throw Error(fmt::format("recipe {}: objective 'dic' trains the dic model, not {}", recipe.name, recipe.model));
  trained_ = std::make_unique<TrainedNetwork>("G", generator_, recipe.lr, recipe.beta1, recipe.beta2);
}

std::vector<torch::Tensor> DicObjective::make_sample(const cv::Mat& rgb, std::mt19937_64& rng, bool) const {
  const ImageConvention& c = spec_.convention;
  const PairedFaces pair = paired_bicubic(rgb, c.output_size, c.lr_size, /*augment=*/false, rng);
  // One predictor per loader thread: dlib's detector keeps scratch state.
  thread_local const LandmarkPredictor predictor;
  const cv::Rect box = predictor.detect_face(pair.hr);
  if (box.empty())
    throw Error("dlib finds no face in it, so DIC has no landmark targets; crop it to a frontal face or remove it");
  return {faces_to_input({pair.lr}, c)[0], faces_to_target({pair.hr}, c)[0],
          landmark_heatmaps(predictor.predict(pair.hr, box), c.output_size)};
}

std::map<std::string, double> DicObjective::train_step(const std::vector<torch::Tensor>& batch, int64_t) {
  generator_->train();
  dic::DICSteps steps;
  {
    AutocastGuard autocast(recipe_.precision, device_);
    steps = generator_->forward_steps(batch[0]);
  }
  torch::Tensor l1 = torch::zeros({}, batch[1].options());
  for (const torch::Tensor& sr : steps.sr) l1 = l1 + torch::l1_loss(sr.to(torch::kFloat32), batch[1]);
  std::vector<torch::Tensor> heatmaps;
  for (const torch::Tensor& h : steps.heatmaps) heatmaps.push_back(h.to(torch::kFloat32));
  const torch::Tensor align = losses::dic_alignment(heatmaps, batch[2]);
  const torch::Tensor loss = recipe_.loss_weight("l1") * l1 + recipe_.loss_weight("align") * align;
  std::map<std::string, double> values{
      {"l1", l1.item<double>()}, {"align", align.item<double>()}, {"loss", loss.item<double>()}};
  require_finite(values, "loss");
  trained_->step(loss, recipe_.grad_clip);
  return values;
}

}  // namespace facesr::training
