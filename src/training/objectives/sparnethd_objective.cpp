#include "training/objectives/sparnethd_objective.h"

#include <fmt/format.h>

#include "core/error.h"
#include "models/convention.h"
#include "training/autocast.h"
#include "training/degradation/blind_degradation.h"
#include "training/losses/feature_matching.h"
#include "training/losses/gan_loss.h"
#include "training/paired_sample.h"

namespace facesr::training {

namespace {

void set_trainable(torch::nn::Module& network, bool trainable) {
  for (auto& p : network.parameters()) p.set_requires_grad(trainable);
}

}  // namespace

SparnethdObjective::SparnethdObjective(const Recipe& recipe, torch::Device device)
    : recipe_(recipe), spec_(find_model(recipe.model)), device_(device), paired_bicubic_(recipe.objective == "ctcgan") {
  const ImageConvention& c = spec_.convention;
  if (!paired_bicubic_ && c.input_size != c.output_size)
    throw Error(fmt::format("recipe {}: objective 'sparnethd' restores at the model's size; {} upsamples (objective "
                            "'ctcgan' trains an upsampling model on bicubic pairs)",
                            recipe.name, recipe.model));
  if (paired_bicubic_ && c.lr_size == c.output_size)
    throw Error(fmt::format("recipe {}: objective 'ctcgan' trains a super-resolution model on bicubic pairs; {} "
                            "restores at its own size (use objective 'sparnethd')",
                            recipe.name, recipe.model));
  if (recipe.loss_weight("pcp") > 0)
    throw Error(fmt::format("recipe {}: the VGG19 perceptual loss needs ImageNet weights that are not available "
                            "offline; set losses.pcp=0 (losses.identity is the perceptual term on offer)",
                            recipe.name));
  generator_ = make_generator(recipe, device);
  sparnet::MultiScaleDiscriminatorOptions d_options;
  // The smallest scale, after n_layers stride-2 layers, must still hold the unpadded 3x3 score conv.
  while (d_options.num_d() > 1 && (c.output_size >> (d_options.num_d() - 1 + d_options.n_layers())) < 3)
    d_options.num_d(d_options.num_d() - 1);
  discriminator_ = sparnet::MultiScaleDiscriminator(d_options);
  initialize(*discriminator_, recipe.init);
  discriminator_->to(device);
  trained_g_ = std::make_unique<TrainedNetwork>("G", generator_, recipe.lr, recipe.beta1, recipe.beta2);
  trained_d_ = std::make_unique<TrainedNetwork>("D", discriminator_.ptr(), recipe.d_lr > 0 ? recipe.d_lr : recipe.lr,
                                                recipe.beta1, recipe.beta2);
  if (recipe.ema_decay > 0) {
    std::shared_ptr<SRNetwork> copy = spec_.make(recipe.model_options);
    copy->to(device);
    ema_ = std::make_unique<EmaWeights>(copy, *generator_, recipe.ema_decay);
  }
  identity_ = losses::make_identity_loss(recipe, c, device);
}

std::vector<torch::Tensor> SparnethdObjective::make_sample(const FaceImage& face, std::mt19937_64& rng,
                                                           bool augment) const {
  const ImageConvention& c = spec_.convention;
  if (paired_bicubic_) return paired_sample(c, face.rgb, augment, rng);
  const BlindSample s = blind_degradation(face.rgb, rng, c.output_size);
  return {faces_to_input({s.lq}, c)[0], faces_to_target({s.hr}, c)[0]};
}

std::map<std::string, double> SparnethdObjective::train_step(const std::vector<torch::Tensor>& batch, int64_t) {
  const torch::Tensor& lq = batch[0];
  const torch::Tensor& hr = batch[1];
  generator_->train();
  discriminator_->train();
  torch::Tensor sr;
  {
    AutocastGuard autocast(recipe_.precision, device_);
    sr = generator_->forward(lq);
  }
  sr = sr.to(torch::kFloat32);
  if (ema_) ema_->update(*generator_);  // after the forward, as the official accumulate()

  // Generator: D is frozen so that only G collects gradients.
  set_trainable(*discriminator_, false);
  const auto fake_g = discriminator_->forward(sr);
  const auto real_g = discriminator_->forward(hr);
  const torch::Tensor pix = torch::l1_loss(sr, hr);
  const torch::Tensor fm = losses::feature_matching(fake_g, real_g);
  const torch::Tensor g = losses::multiscale_hinge_generator(fake_g);
  torch::Tensor loss_g =
      recipe_.loss_weight("pix") * pix + recipe_.loss_weight("fm") * fm + recipe_.loss_weight("g") * g;
  std::map<std::string, double> values{{"pix", pix.item<double>()}, {"fm", fm.item<double>()},
                                       {"g", g.item<double>()}};
  if (identity_) {
    const torch::Tensor identity = (*identity_)(sr, hr);
    loss_g = loss_g + recipe_.loss_weight("identity") * identity;
    values["identity"] = identity.item<double>();
  }
  values["loss"] = loss_g.item<double>();
  require_finite(values, "loss");
  trained_g_->step(loss_g, recipe_.grad_clip);
  set_trainable(*discriminator_, true);

  // Discriminator on the same SR, detached.
  const auto fake_d = discriminator_->forward(sr.detach());
  const auto real_d = discriminator_->forward(hr);
  const torch::Tensor loss_d = losses::multiscale_hinge_discriminator(real_d, fake_d);
  values["d"] = loss_d.item<double>();
  require_finite(values, "d");
  trained_d_->step(loss_d, recipe_.grad_clip);
  return values;
}

void SparnethdObjective::append_state(safetensors::NamedTensors& out) const {
  if (ema_) ema_->append_state(out);
}

void SparnethdObjective::load_state(const std::map<std::string, torch::Tensor>& state, const std::string& source) {
  if (ema_) ema_->load_state(state, source);
}

}  // namespace facesr::training
