#include "training/objectives/scgan_objective.h"

#include <fmt/format.h>

#include "core/error.h"
#include "io/image.h"
#include "io/image_files.h"
#include "models/convention.h"
#include "resample/pil_resize.h"
#include "training/autocast.h"
#include "training/losses/gan_loss.h"
#include "training/paired_bicubic.h"
#include "training/paired_sample.h"

namespace facesr::training {

namespace {

namespace F = torch::nn::functional;

void set_trainable(torch::nn::Module& network, bool trainable) {
  for (auto& p : network.parameters()) p.set_requires_grad(trainable);
}

}  // namespace

ScganObjective::ScganObjective(const Recipe& recipe, torch::Device device)
    : recipe_(recipe), spec_(find_model(recipe.model)), device_(device) {
  if (recipe.model != "scgan")
    throw Error(fmt::format("recipe {}: objective 'scgan' trains the scgan model, not {}", recipe.name, recipe.model));
  if (recipe.lr_data.empty())
    throw Error(fmt::format("recipe {}: SCGAN learns from unpaired real LR faces; pass --lr-data DIR (16x16 faces)",
                            recipe.name));
  real_lr_files_ = list_images(recipe.lr_data);
  restoration_ = make_generator(recipe, device);
  forward_degradation_ = scgan::ScganDegradationGenerator();
  backward_degradation_ = scgan::ScganDegradationGenerator();
  d_l1_ = scgan::ScganDiscriminator(16);
  d_h1_ = scgan::ScganDiscriminator(64);
  d_l2_ = scgan::ScganDiscriminator(16);
  d_h2_ = scgan::ScganDiscriminator(64);
  const double d_lr = recipe.d_lr > 0 ? recipe.d_lr : recipe.lr;
  const auto add = [&](const std::string& name, std::shared_ptr<torch::nn::Module> net, double lr) {
    initialize(*net, recipe.init);
    net->to(device);
    trained_.push_back(std::make_unique<TrainedNetwork>(name, net, lr, recipe.beta1, recipe.beta2));
  };
  trained_.push_back(std::make_unique<TrainedNetwork>("G_RLS", restoration_, recipe.lr, recipe.beta1, recipe.beta2));
  identity_ = losses::make_identity_loss(recipe, spec_.convention, device);
  add("G_DHL", forward_degradation_.ptr(), recipe.lr);
  add("G_DSL", backward_degradation_.ptr(), recipe.lr);
  add("D_L1", d_l1_.ptr(), d_lr);
  add("D_H1", d_h1_.ptr(), d_lr);
  add("D_L2", d_l2_.ptr(), d_lr);
  add("D_H2", d_h2_.ptr(), d_lr);
}

std::vector<TrainedNetwork*> ScganObjective::networks() {
  std::vector<TrainedNetwork*> out;
  for (auto& t : trained_) out.push_back(t.get());
  return out;
}

std::vector<torch::Tensor> ScganObjective::make_sample(const FaceImage& face, std::mt19937_64& rng,
                                                       bool augment) const {
  const ImageConvention& c = spec_.convention;
  const PairedFaces pair = paired_bicubic(face.rgb, c.output_size, c.lr_size, /*augment=*/false, rng);
  std::vector<torch::Tensor> sample{faces_to_input({pair.lr}, c)[0], faces_to_target({pair.hr}, c)[0]};
  if (!augment) return sample;
  const auto& file = real_lr_files_[std::uniform_int_distribution<size_t>(0, real_lr_files_.size() - 1)(rng)];
  cv::Mat lr;
  try {
    lr = read_rgb8(file.string());
  } catch (const Error& e) {
    throw Error(fmt::format("its unpaired real LR {}", e.what()));
  }
  if (lr.rows != c.lr_size || lr.cols != c.lr_size) lr = pil_resize(lr, {c.lr_size, c.lr_size});
  sample.push_back(faces_to_input({lr}, c)[0]);
  std::normal_distribution<float> normal;
  torch::Tensor z = torch::empty({1, scgan::ScganDegradationGeneratorImpl::kNoiseSize});
  for (int64_t i = 0; i < z.numel(); ++i) z.data_ptr<float>()[i] = normal(rng);
  sample.push_back(z);
  return sample;
}

std::map<std::string, double> ScganObjective::train_step(const std::vector<torch::Tensor>& batch, int64_t) {
  const torch::Tensor& hr = batch[1];
  const torch::Tensor& lr = batch[2];
  const torch::Tensor& z = batch[3];
  for (auto& t : trained_) t->network().train();
  const double alpha = recipe_.loss_weight("alpha"), beta = recipe_.loss_weight("beta");
  const double theta = recipe_.loss_weight("theta"), gamma = recipe_.loss_weight("gamma");

  // Every generator output once; each hand-off to another generator is detached.
  torch::Tensor lr_gen, hr_gen, hr_gen_r, lr_gen_r;
  {
    AutocastGuard autocast(recipe_.precision, device_);
    lr_gen = forward_degradation_->forward(hr, z).to(torch::kFloat32);
    hr_gen = restoration_->forward(lr_gen.detach()).to(torch::kFloat32);
    hr_gen_r = restoration_->forward(lr).to(torch::kFloat32);
    lr_gen_r = backward_degradation_->forward(hr_gen_r.detach(), z).to(torch::kFloat32);
  }

  // The four discriminators on detached fakes.
  std::map<std::string, double> values;
  const auto step_d = [&](const std::string& key, TrainedNetwork& net, scgan::ScganDiscriminator& d,
                          const torch::Tensor& real, const torch::Tensor& fake) {
    const torch::Tensor loss = losses::hinge_discriminator(d->forward(real), d->forward(fake.detach()));
    values[key] = loss.item<double>();
    require_finite(values, key);
    net.step(loss, recipe_.grad_clip);
  };
  step_d("d_l1", *trained_[3], d_l1_, lr, lr_gen);
  step_d("d_h1", *trained_[4], d_h1_, hr, hr_gen);
  step_d("d_l2", *trained_[5], d_l2_, lr, lr_gen_r);
  step_d("d_h2", *trained_[6], d_h2_, hr, hr_gen_r);

  // The generators against the updated discriminators, which stay fixed here.
  for (size_t i = 3; i < trained_.size(); ++i) set_trainable(trained_[i]->network(), false);
  const torch::Tensor dhl = alpha * torch::l1_loss(lr_gen, F::avg_pool2d(hr, F::AvgPool2dFuncOptions(4))) +
                            beta * losses::hinge_generator(d_l1_->forward(lr_gen));
  const torch::Tensor anchor =
      F::interpolate(lr, F::InterpolateFuncOptions()
                             .size(std::vector<int64_t>{hr.size(2), hr.size(3)})
                             .mode(torch::kBicubic)
                             .align_corners(true));
  torch::Tensor rls =
      theta * (alpha * torch::l1_loss(hr_gen, hr) + beta * losses::hinge_generator(d_h1_->forward(hr_gen))) +
      gamma * (alpha * torch::l1_loss(anchor, hr_gen_r) + beta * losses::hinge_generator(d_h2_->forward(hr_gen_r)));
  const torch::Tensor dsl = alpha * torch::l1_loss(lr_gen_r, lr) + beta * losses::hinge_generator(d_l2_->forward(lr_gen_r));
  if (identity_) {
    const torch::Tensor identity = (*identity_)(hr_gen, hr);
    rls = rls + recipe_.loss_weight("identity") * identity;
    values["identity"] = identity.item<double>();
  }
  values["g_rls"] = rls.item<double>();
  values["g_dhl"] = dhl.item<double>();
  values["g_dsl"] = dsl.item<double>();
  values["loss"] = values["g_rls"];
  for (const char* key : {"g_rls", "g_dhl", "g_dsl"}) require_finite(values, key);
  trained_[1]->step(dhl, recipe_.grad_clip);
  trained_[0]->step(rls, recipe_.grad_clip);
  trained_[2]->step(dsl, recipe_.grad_clip);
  for (size_t i = 3; i < trained_.size(); ++i) set_trainable(trained_[i]->network(), true);
  return values;
}

}  // namespace facesr::training
