#include "training/recipe.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <type_traits>

#include "core/error.h"
#include "core/install_dirs.h"
#include "core/whole_number.h"

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

namespace {

// How a recipe value of this type is described in errors.
const char* expected_kind(const std::string&) { return "a string"; }
const char* expected_kind(bool) { return "true or false"; }
const char* expected_kind(double) { return "a number"; }
template <typename Int, typename = std::enable_if_t<std::is_integral_v<Int>>>
std::string expected_kind(Int) {
  if (std::is_unsigned_v<Int>) return "a whole number >= 0";
  return sizeof(Int) < 8 ? fmt::format("a whole number up to {}", std::numeric_limits<Int>::max()) : "a whole number";
}
const char* expected_kind(const std::vector<std::string>&) { return "a list of strings"; }
const char* expected_kind(const std::vector<int64_t>&) { return "a list of whole numbers"; }
const char* expected_kind(const json&) { return "an object ({...})"; }

// A value as text for a message, whatever bytes its strings hold (dump() throws on bytes that are not UTF-8).
std::string shown(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

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
  // Each value read with its key named when it has the wrong type (`--set lr=abc`).
  const auto get = [&](const char* key, auto& value) {
    using Value = std::decay_t<decltype(value)>;
    const json& given = full.at(key);
    bool fits = true;
    if constexpr (std::is_integral_v<Value> && !std::is_same_v<Value, bool>) {
      const auto number = whole_number<Value>(given);
      fits = number.has_value();
      if (fits) value = *number;
    } else if constexpr (std::is_same_v<Value, std::vector<int64_t>>) {
      fits = given.is_array();
      value.clear();
      for (const json& element : fits ? given : json::array()) {
        const auto number = whole_number<int64_t>(element);
        if (!number) fits = false;
        else value.push_back(*number);
      }
    } else {
      try {
        given.get_to(value);
      } catch (const json::exception&) {
        fits = false;
      }
    }
    if constexpr (std::is_same_v<Value, json>) fits = fits && value.is_object();
    if (!fits) throw Error(fmt::format("recipe {}: {} must be {}, got {}", name, key, expected_kind(value), shown(given)));
    // Logs, checkpoints and recipe.json store the recipe as JSON text, which must be UTF-8.
    try {
      (void)given.dump();
    } catch (const json::type_error&) {
      throw Error(fmt::format("recipe {}: {} holds bytes that are not UTF-8 ({}); use UTF-8 text and file names", name,
                              key, shown(given)));
    }
  };
  r.name = name;
  get("model", r.model);
  get("model_options", r.model_options);
  get("objective", r.objective);
  get("degradation", r.degradation);
  get("init", r.init);
  get("pretrained", r.pretrained);
  get("pretrained_partial", r.pretrained_partial);
  get("pretrained_skip", r.pretrained_skip);
  get("lr_data", r.lr_data);
  get("hr_size", r.hr_size);
  get("min_sharpness", r.min_sharpness);
  get("batch_size", r.batch_size);
  get("epochs", r.epochs);
  get("iterations", r.iterations);
  get("lr", r.lr);
  get("beta1", r.beta1);
  get("beta2", r.beta2);
  get("d_lr", r.d_lr);
  get("ema_decay", r.ema_decay);
  get("schedule", r.schedule);
  get("milestones", r.milestones);
  get("gamma", r.gamma);
  get("cosine_period", r.cosine_period);
  get("schedule_per_epoch", r.schedule_per_epoch);
  get("eta_min", r.eta_min);
  get("losses", r.losses);
  get("grad_clip", r.grad_clip);
  get("precision", r.precision);
  get("seed", r.seed);
  get("val_count", r.val_count);
  get("val_every", r.val_every);
  get("checkpoint_every", r.checkpoint_every);
  get("log_every", r.log_every);
  get("workers", r.workers);
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
  // The source tree's configs/ while developing; the installed copy (cmake --install) where that tree is gone.
  return std::filesystem::is_directory(FACESR_CONFIG_DIR) ? FACESR_CONFIG_DIR : installed_config_dir();
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
  if (!config.is_object())
    throw Error(fmt::format("{}: a recipe is a JSON object ({{...}}), not a {}", path.string(), config.type_name()));
  for (const std::string& o : overrides) {
    const auto eq = o.find('=');
    if (eq == std::string::npos || eq == 0)
      throw Error(fmt::format("--set {}: expected key=value, e.g. --set lr=1e-4", o));
    const std::string key = o.substr(0, eq), text = o.substr(eq + 1);
    json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) value = text;
    // "losses.l1=2" sets one entry of an object-valued key.
    const auto entry_of = [&](const char* section, const std::string& entry) -> json& {
      json& object = config[section];
      if (object.is_null()) object = json::object();
      if (!object.is_object())
        throw Error(fmt::format("--set {}: the recipe's {} is not an object ({{...}})", o, section));
      return object[entry];
    };
    if (key.rfind("losses.", 0) == 0) {
      entry_of("losses", key.substr(7)) = value;
    } else if (key.rfind("model_options.", 0) == 0) {
      entry_of("model_options", key.substr(14)) = value;
    } else {
      config[key] = value;
    }
  }
  // A run's recipe.json names its recipe; a config file is named by its file.
  const auto named = config.find("name");
  Recipe recipe =
      recipe_from_json(config, named != config.end() && named->is_string() ? named->get<std::string>() : path.stem().string());
  // configs/ name their pretrained weights from the repository root: found from any working folder.
  if (!recipe.pretrained.empty() && fs::path(recipe.pretrained).is_relative() && !fs::exists(recipe.pretrained)) {
    const fs::path from_root = (fs::path(config_dir()) / ".." / recipe.pretrained).lexically_normal();
    if (fs::exists(from_root)) recipe.pretrained = from_root.string();
  }
  return recipe;
}

}  // namespace facesr::training
