#include "training/objectives/eipnet_objective.h"

#include <fmt/format.h>

#include "core/error.h"
#include "models/convention.h"
#include "training/autocast.h"
#include "training/degradation/eipnet_pipeline.h"
#include "training/losses/gan_loss.h"
#include "training/losses/luminance_chrominance.h"
#include "training/paired_sample.h"

namespace facesr::training {

namespace {

torch::Tensor edge_tensor(const cv::Mat& edge) {
  cv::Mat f;
  edge.convertTo(f, CV_32F);
  return torch::from_blob(f.data, {1, f.rows, f.cols}, torch::kFloat32).clone();
}

}  // namespace

EipnetObjective::EipnetObjective(const Recipe& recipe, torch::Device device)
    : recipe_(recipe), spec_(find_model(recipe.model)), device_(device) {
  generator_ = std::dynamic_pointer_cast<eipnet::EipnetGeneratorImpl>(make_generator(recipe, device));
  if (!generator_)
    throw Error(fmt::format("recipe {}: objective 'eipnet' trains the eipnet model, not {}", recipe.name,
                            recipe.model));
  discriminator_ = eipnet::EipnetDiscriminator();
  initialize(*discriminator_, recipe.init);
  discriminator_->to(device);
  trained_g_ = std::make_unique<TrainedNetwork>("G", generator_, recipe.lr, recipe.beta1, recipe.beta2);
  trained_d_ = std::make_unique<TrainedNetwork>("D", discriminator_.ptr(), recipe.d_lr > 0 ? recipe.d_lr : recipe.lr,
                                                recipe.beta1, recipe.beta2);
  identity_ = losses::make_identity_loss(recipe, spec_.convention, device);
}

std::vector<torch::Tensor> EipnetObjective::make_sample(const FaceImage& face, std::mt19937_64& rng,
                                                        bool augment) const {
  const ImageConvention& c = spec_.convention;
  const EipnetSample s = eipnet_sample(face.rgb, augment, rng);
  return {faces_to_input({s.lr}, c)[0], faces_to_target({s.hr}, c)[0], edge_tensor(s.edge32), edge_tensor(s.edge64),
          edge_tensor(s.edge128)};
}

std::map<std::string, double> EipnetObjective::train_step(const std::vector<torch::Tensor>& batch, int64_t) {
  const torch::Tensor& hr = batch[1];
  generator_->train();
  discriminator_->train();
  eipnet::EipnetOutput out;
  {
    AutocastGuard autocast(recipe_.precision, device_);
    out = generator_->forward_with_edges(batch[0]);
  }
  const torch::Tensor sr = out.sr.to(torch::kFloat32);

  // Discriminator first, as the official loop runs D_solver before G_solver.
  const torch::Tensor loss_d =
      losses::vanilla_discriminator(discriminator_->forward(hr), discriminator_->forward(sr.detach()));
  std::map<std::string, double> values{{"d", loss_d.item<double>()}};
  require_finite(values, "d");
  trained_d_->step(loss_d, recipe_.grad_clip);

  std::vector<torch::Tensor> edges;
  for (const torch::Tensor& e : out.edges) edges.push_back(e.to(torch::kFloat32));
  const torch::Tensor lce = losses::luminance_chrominance(sr, hr);
  const torch::Tensor edge = losses::eipnet_edge(edges, {batch[2], batch[3], batch[4]});
  for (auto& p : discriminator_->parameters()) p.set_requires_grad(false);  // G's step trains G only
  const torch::Tensor adv = losses::vanilla_generator(discriminator_->forward(sr));
  for (auto& p : discriminator_->parameters()) p.set_requires_grad(true);
  torch::Tensor loss =
      recipe_.loss_weight("lce") * lce + recipe_.loss_weight("edge") * edge + recipe_.loss_weight("adv") * adv;
  values.insert({{"lce", lce.item<double>()}, {"edge", edge.item<double>()}, {"adv", adv.item<double>()}});
  if (identity_) {
    const torch::Tensor identity = (*identity_)(sr, hr);
    loss = loss + recipe_.loss_weight("identity") * identity;
    values["identity"] = identity.item<double>();
  }
  values["loss"] = loss.item<double>();
  require_finite(values, "loss");
  trained_g_->step(loss, recipe_.grad_clip);
  return values;
}

}  // namespace facesr::training
