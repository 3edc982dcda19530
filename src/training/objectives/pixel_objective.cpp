#include "training/objectives/pixel_objective.h"

#include <fmt/format.h>

#include "core/error.h"
#include "training/autocast.h"
#include "training/paired_sample.h"

namespace facesr::training {

PixelObjective::PixelObjective(const Recipe& recipe, torch::Device device)
    : recipe_(recipe), spec_(find_model(recipe.model)), device_(device) {
  const ImageConvention& c = spec_.convention;
  if (recipe.degradation != "bicubic" && (c.lr_size != c.output_size || c.input_size != c.output_size))
    throw Error(fmt::format("recipe {}: degradation '{}' trains restoration models (input the output's size); {} "
                            "upsamples {} to {}",
                            recipe.name, recipe.degradation, spec_.name, c.lr_size, c.output_size));
  generator_ = make_generator(recipe, device);
  trained_ = std::make_unique<TrainedNetwork>("G", generator_, recipe.lr, recipe.beta1, recipe.beta2);
  identity_ = losses::make_identity_loss(recipe, spec_.convention, device);
}

std::vector<torch::Tensor> PixelObjective::make_sample(const FaceImage& face, std::mt19937_64& rng,
                                                       bool augment) const {
  if (recipe_.degradation != "bicubic")
    return degraded_sample(spec_.convention,
                           BlindDegradationRanges::named(recipe_.degradation, spec_.convention.output_size), face.rgb,
                           augment, rng);
  return paired_sample(spec_.convention, face.rgb, augment, rng);
}

std::map<std::string, double> PixelObjective::train_step(const std::vector<torch::Tensor>& batch, int64_t) {
  generator_->train();
  torch::Tensor sr;
  {
    AutocastGuard autocast(recipe_.precision, device_);
    sr = generator_->forward(batch[0]);
  }
  sr = sr.to(torch::kFloat32);
  const torch::Tensor l1 = torch::l1_loss(sr, batch[1]);
  torch::Tensor loss = recipe_.loss_weight("l1") * l1;
  std::map<std::string, double> values{{"l1", l1.item<double>()}};
  if (recipe_.loss_weight("mse") > 0) {
    const torch::Tensor mse = torch::mse_loss(sr, batch[1]);
    loss = loss + recipe_.loss_weight("mse") * mse;
    values["mse"] = mse.item<double>();
  }
  if (identity_) {
    const torch::Tensor identity = (*identity_)(sr, batch[1]);
    loss = loss + recipe_.loss_weight("identity") * identity;
    values["identity"] = identity.item<double>();
  }
  values["loss"] = loss.item<double>();
  require_finite(values, "loss");
  trained_->step(loss, recipe_.grad_clip);
  return values;
}

}  // namespace facesr::training
