#include "training/recipe.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/error.h"

namespace facesr::training {

namespace fs = std::filesystem;
using nlohmann::json;

double Recipe::loss_weight(const std::string& loss) const { return losses.value(loss, 0.0); }

json Recipe::to_json() const {
  return json{{"name", name},
              {"model", model},
              {"model_options", model_options},
              {"objective", objective},
              {"degradation", degradation},
              {"init", init},
              {"pretrained", pretrained},
              {"pretrained_partial", pretrained_partial},
              {"pretrained_skip", pretrained_skip},
              {"lr_data", lr_data},
              {"hr_size", hr_size},
              {"min_sharpness", min_sharpness},
              {"batch_size", batch_size},
              {"epochs", epochs},
              {"iterations", iterations},
              {"lr", lr},
              {"beta1", beta1},
              {"beta2", beta2},
              {"d_lr", d_lr},
              {"ema_decay", ema_decay},
              {"schedule", schedule},
              {"milestones", milestones},
              {"gamma", gamma},
              {"cosine_period", cosine_period},
              {"schedule_per_epoch", schedule_per_epoch},
              {"eta_min", eta_min},
              {"losses", losses},
              {"grad_clip", grad_clip},
              {"precision", precision},
              {"seed", seed},
              {"val_count", val_count},
              {"val_every", val_every},
              {"checkpoint_every", checkpoint_every},
              {"log_every", log_every},
              {"workers", workers}};
}

Recipe recipe_from_json(const json& in, const std::string& name) {
  Recipe r;
  json full = r.to_json();
  for (const auto& [key, value] : in.items()) {
    if (key == "comment") continue;
    if (!full.contains(key))
      throw Error(fmt::format("recipe {}: unknown key '{}'; known keys: {}", name, key, [&] {
        std::string keys;
        for (const auto& [k, v] : full.items()) keys += (keys.empty() ? "" : ", ") + k;
        return keys;
      }()));
    full[key] = value;
  }
  try {
    r.name = name;
    r.model = full.at("model").get<std::string>();
    r.model_options = full.at("model_options");
    r.objective = full.at("objective").get<std::string>();
    r.degradation = full.at("degradation").get<std::string>();
    r.init = full.at("init").get<std::string>();
    r.pretrained = full.at("pretrained").get<std::string>();
    r.pretrained_partial = full.at("pretrained_partial").get<bool>();
    r.pretrained_skip = full.at("pretrained_skip").get<std::vector<std::string>>();
    r.lr_data = full.at("lr_data").get<std::string>();
    r.hr_size = full.at("hr_size").get<int>();
    r.min_sharpness = full.at("min_sharpness").get<double>();
    r.batch_size = full.at("batch_size").get<int>();
    r.epochs = full.at("epochs").get<double>();
    r.iterations = full.at("iterations").get<int64_t>();
    r.lr = full.at("lr").get<double>();
    r.beta1 = full.at("beta1").get<double>();
    r.beta2 = full.at("beta2").get<double>();
    r.d_lr = full.at("d_lr").get<double>();
    r.ema_decay = full.at("ema_decay").get<double>();
    r.schedule = full.at("schedule").get<std::string>();
    r.milestones = full.at("milestones").get<std::vector<int64_t>>();
    r.gamma = full.at("gamma").get<double>();
    r.cosine_period = full.at("cosine_period").get<int64_t>();
    r.schedule_per_epoch = full.at("schedule_per_epoch").get<bool>();
    r.eta_min = full.at("eta_min").get<double>();
    r.losses = full.at("losses");
    r.grad_clip = full.at("grad_clip").get<double>();
    r.precision = full.at("precision").get<std::string>();
    r.seed = full.at("seed").get<uint64_t>();
    r.val_count = full.at("val_count").get<int>();
    r.val_every = full.at("val_every").get<int>();
    r.checkpoint_every = full.at("checkpoint_every").get<int>();
    r.log_every = full.at("log_every").get<int>();
    r.workers = full.at("workers").get<int>();
  } catch (const json::exception& e) {
    throw Error(fmt::format("recipe {}: a value has the wrong type ({})", name, e.what()));
  }
  if (r.batch_size < 1) throw Error(fmt::format("recipe {}: batch_size must be >= 1", name));
  if (r.iterations <= 0 && r.epochs <= 0)
    throw Error(fmt::format("recipe {}: set iterations or epochs (e.g. --set iterations=1000)", name));
  if (r.schedule != "constant" && r.schedule != "multistep" && r.schedule != "cosine")
    throw Error(fmt::format("recipe {}: schedule must be constant, multistep or cosine, got '{}'", name, r.schedule));
  if (r.schedule == "cosine" && r.cosine_period < 1)
    throw Error(fmt::format("recipe {}: the cosine schedule needs cosine_period >= 1 (steps)", name));
  if (r.degradation != "bicubic" && r.degradation != "blind" && r.degradation != "photo")
    throw Error(fmt::format("recipe {}: degradation must be bicubic, blind or photo, got '{}'", name, r.degradation));
  if (r.init != "normal" && r.init != "kaiming" && r.init != "xavier" && r.init != "default")
    throw Error(fmt::format("recipe {}: init must be normal, kaiming, xavier or default, got '{}'", name, r.init));
  if (r.d_lr < 0) throw Error(fmt::format("recipe {}: d_lr must be >= 0 (0: the generator's lr)", name));
  if (r.ema_decay < 0 || r.ema_decay >= 1)
    throw Error(fmt::format("recipe {}: ema_decay must be in [0, 1) (0: no EMA), got {}", name, r.ema_decay));
  if (r.precision != "fp32" && r.precision != "bf16" && r.precision != "fp16")
    throw Error(fmt::format("recipe {}: precision must be fp32, bf16 or fp16, got '{}'", name, r.precision));
  if (!r.losses.is_object()) throw Error(fmt::format("recipe {}: losses must be an object of weights", name));
  if (r.val_every < 1 || r.checkpoint_every < 1 || r.log_every < 1)
    throw Error(fmt::format("recipe {}: val_every, checkpoint_every and log_every must be >= 1", name));
  return r;
}

std::string config_dir() {
  if (const char* dir = std::getenv("FACESR_CONFIG_DIR")) return dir;
  return FACESR_CONFIG_DIR;
}

Recipe load_recipe(const std::string& name_or_path, const std::vector<std::string>& overrides) {
  fs::path path(name_or_path);
  if (!fs::exists(path) && path.extension().empty()) path = fs::path(config_dir()) / (name_or_path + ".json");
  std::ifstream in(path);
  if (!in) {
    std::string names;
    for (const auto& e : fs::directory_iterator(config_dir()))
      if (e.path().extension() == ".json") names += (names.empty() ? "" : ", ") + e.path().stem().string();
    throw Error(fmt::format("{}: no such recipe; pass a config file or one of: {}", name_or_path, names));
  }
  json config;
  try {
    config = json::parse(in, nullptr, true, /*ignore_comments=*/true);
  } catch (const json::exception& e) {
    throw Error(fmt::format("{}: not valid JSON ({})", path.string(), e.what()));
  }
  for (const std::string& o : overrides) {
    const auto eq = o.find('=');
    if (eq == std::string::npos || eq == 0)
      throw Error(fmt::format("--set {}: expected key=value, e.g. --set lr=1e-4", o));
    const std::string key = o.substr(0, eq), text = o.substr(eq + 1);
    json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) value = text;
    if (key.rfind("losses.", 0) == 0) {
      config["losses"][key.substr(7)] = value;
    } else if (key.rfind("model_options.", 0) == 0) {
      config["model_options"][key.substr(14)] = value;
    } else {
      config[key] = value;
    }
  }
  return recipe_from_json(config, path.stem().string());
}

}  // namespace facesr::training
