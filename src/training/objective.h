// What one training step optimises for a family of recipes: how a face image
// becomes a training sample, the networks and losses of one step, and the
// generator that validation and the exported weights use.
#pragma once

#include <torch/torch.h>

#include <map>
#include <memory>
#include <opencv2/core.hpp>
#include <random>
#include <string>
#include <vector>

#include "io/safetensors.h"
#include "models/registry.h"
#include "training/face_image.h"
#include "training/recipe.h"

namespace facesr::training {

class Objective {
 public:
  virtual ~Objective() = default;

  // CPU tensors of one sample made from an HR face (`augment`: training).
  virtual std::vector<torch::Tensor> make_sample(const FaceImage& face, std::mt19937_64& rng, bool augment) const = 0;
  // One optimisation step on a batch already on the device; named loss values.
  virtual std::map<std::string, double> train_step(const std::vector<torch::Tensor>& batch, int64_t step) = 0;
  // The network that validation scores and `export` writes (the EMA copy when
  // the recipe keeps one). Its input is batch[0], its target batch[1].
  virtual SRNetwork& generator() = 0;
  // Every trained network, for the schedule, data-parallel sync and checkpoints.
  virtual std::vector<class TrainedNetwork*> networks() = 0;
  // Extra checkpoint state beyond the trained networks (e.g. an EMA copy).
  virtual void append_state(safetensors::NamedTensors& out) const {}
  virtual void load_state(const std::map<std::string, torch::Tensor>& state, const std::string& source) {}
};

// The recipe's generator on `device`, initialised as the recipe says, then
// loaded from recipe.pretrained when it names weights.
std::shared_ptr<SRNetwork> make_generator(const Recipe& recipe, torch::Device device);
// The recipe's initialisation applied to any network.
void initialize(torch::nn::Module& network, const std::string& init);
// Throws facesr::Error (NaN/inf loss: lower the lr or clip gradients) when
// `values[key]` is not finite.
void require_finite(const std::map<std::string, double>& values, const std::string& key);

// The objective a recipe names, built on `device`.
std::unique_ptr<Objective> make_objective(const Recipe& recipe, torch::Device device);

}  // namespace facesr::training
