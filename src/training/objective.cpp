#include "training/objective.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "models/layers/spectral_norm.h"
#include "io/safetensors.h"
#include "weights/state_dict.h"
#include "weights/widen_state.h"
#include "training/objectives/dic_objective.h"
#include "training/objectives/eipnet_objective.h"
#include "training/objectives/pixel_objective.h"
#include "training/objectives/scgan_objective.h"
#include "training/objectives/sparnethd_objective.h"

namespace facesr::training {

void initialize(torch::nn::Module& network, const std::string& init) {
  if (init == "default") return;
  torch::NoGradGuard no_grad;
  for (const auto& module : network.modules(/*include_self=*/true)) {
    const bool spectral = module->as<SpectralNormConv2d>() != nullptr;  // its raw weight is weight_orig
    const bool weighted = spectral || module->as<torch::nn::Conv2d>() || module->as<torch::nn::ConvTranspose2d>() ||
                          module->as<torch::nn::Linear>();
    const bool batch_norm = module->as<torch::nn::BatchNorm2d>() != nullptr;
    if (!weighted && !batch_norm) continue;
    const auto params = module->named_parameters(/*recurse=*/false);
    const torch::Tensor* weight = params.find(spectral ? "weight_orig" : "weight");
    const torch::Tensor* bias = params.find("bias");
    if (weight && batch_norm) {
      weight->normal_(1.0, 0.02);  // the official weights_init_normal
    } else if (weight) {
      if (init == "normal") weight->normal_(0.0, 0.02);
      else if (init == "xavier") torch::nn::init::xavier_uniform_(*weight);  // TF's glorot_uniform
      else torch::nn::init::kaiming_normal_(*weight, 0.0, torch::kFanIn);
    }
    if (bias) bias->zero_();
  }
}

std::shared_ptr<SRNetwork> make_generator(const Recipe& recipe, torch::Device device) {
  const ModelSpec& spec = find_model(recipe.model);
  if (!spec.make) throw Error(fmt::format("recipe {}: -m {} has no network to train", recipe.name, spec.name));
  std::shared_ptr<SRNetwork> network = spec.make(recipe.model_options);
  initialize(*network, recipe.init);
  if (!recipe.pretrained.empty()) {
    std::map<std::string, torch::Tensor> state = safetensors::File::open(recipe.pretrained).tensors();
    // Skipped keys take the network's own initial values, so strict loading still checks the rest.
    const auto skipped = [&](const std::string& key) {
      for (const std::string& prefix : recipe.pretrained_skip)
        if (key.rfind(prefix, 0) == 0) return true;
      return false;
    };
    for (auto it = state.begin(); it != state.end();) it = skipped(it->first) ? state.erase(it) : std::next(it);
    for (const auto& [key, t] : state_entries(*network))
      if (skipped(key)) state[key] = t.detach().clone();
    if (recipe.pretrained_partial) state = widen_state(state_entries(*network), std::move(state));
    load_state(*network, state, recipe.pretrained,
               recipe.pretrained_partial ? MissingKeys::KeepInitialised : MissingKeys::Refuse);
  }
  network->to(device);
  return network;
}

void require_finite(const std::map<std::string, double>& values, const std::string& key) {
  const double v = values.at(key);
  if (std::isfinite(v)) return;
  std::string all;
  for (const auto& [k, x] : values) all += fmt::format("{}{}={}", all.empty() ? "" : ", ", k, x);
  throw Error(fmt::format("training diverged: {} is {} ({}); resume from the last checkpoint with a lower lr "
                          "(--set lr=...) or gradient clipping (--set grad_clip=1)",
                          key, v, all));
}

namespace {

// The loss weights each objective reads. Any other key in a recipe's losses
// would be weighted 0 without a word (a typo such as "l2", or a loss this
// build does not have), so it is refused.
const std::map<std::string, std::vector<std::string>>& loss_names() {
  static const std::map<std::string, std::vector<std::string>> names{
      {"pixel", {"l1", "mse", "identity"}},
      {"dic", {"l1", "align", "identity", "feat"}},
      {"dicgan", {"l1", "align", "identity", "feat", "adv"}},
      {"sparnethd", {"pix", "fm", "g", "pcp", "identity"}},
      {"ctcgan", {"pix", "fm", "g", "pcp", "identity"}},
      {"eipnet", {"lce", "edge", "adv", "identity"}},
      {"scgan", {"alpha", "beta", "theta", "gamma", "identity"}},
  };
  return names;
}

void require_known_losses(const Recipe& recipe) {
  const auto known = loss_names().find(recipe.objective);
  if (known == loss_names().end()) return;  // make_objective names the unknown objective
  for (const auto& [name, weight] : recipe.losses.items()) {
    if (std::find(known->second.begin(), known->second.end(), name) == known->second.end())
      throw Error(fmt::format("recipe {}: objective '{}' has no loss '{}'; its losses are {}", recipe.name,
                              recipe.objective, name, fmt::join(known->second, ", ")));
    if (!weight.is_number())
      throw Error(fmt::format("recipe {}: losses.{} must be a number, got {}", recipe.name, name, weight.dump()));
  }
}

}  // namespace

std::unique_ptr<Objective> make_objective(const Recipe& recipe, torch::Device device) {
  require_known_losses(recipe);
  if (recipe.objective == "pixel") return std::make_unique<PixelObjective>(recipe, device);
  if (recipe.objective == "dic" || recipe.objective == "dicgan") return std::make_unique<DicObjective>(recipe, device);
  if (recipe.objective == "sparnethd" || recipe.objective == "ctcgan")
    return std::make_unique<SparnethdObjective>(recipe, device);
  if (recipe.objective == "eipnet") return std::make_unique<EipnetObjective>(recipe, device);
  if (recipe.objective == "scgan") return std::make_unique<ScganObjective>(recipe, device);
  std::vector<std::string> known;
  for (const auto& [objective, losses] : loss_names()) known.push_back(objective);
  throw Error(fmt::format("recipe {}: unknown objective '{}'; known: {}", recipe.name, recipe.objective,
                          fmt::join(known, ", ")));
}

}  // namespace facesr::training
