#include "models/registry.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"
#include "models/zoo.h"

namespace facesr {

const std::vector<ModelSpec>& model_zoo() {
  static const std::vector<ModelSpec> zoo = build_zoo();
  return zoo;
}

const ModelSpec& find_model(const std::string& name) {
  const auto& zoo = model_zoo();
  const auto it = std::find_if(zoo.begin(), zoo.end(), [&](const ModelSpec& s) { return s.name == name; });
  if (it != zoo.end()) return *it;
  std::string names;
  for (const ModelSpec& s : zoo) names += (names.empty() ? "" : ", ") + s.name;
  throw Error(fmt::format("unknown model '{}'; choose one of: {} (see `facesr models`)", name, names));
}

int64_t parameter_count(const torch::nn::Module& module) {
  int64_t n = 0;
  for (const auto& p : module.parameters(/*recurse=*/true)) n += p.numel();
  return n;
}

void check_options(const std::string& model, const ModelOptions& options, const std::vector<std::string>& known) {
  if (options.is_null()) return;
  if (!options.is_object()) throw Error(fmt::format("{}: model options must be a JSON object", model));
  for (const auto& [key, value] : options.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end())
      throw Error(fmt::format("{}: unknown model option '{}'; known options: {}", model, key,
                              known.empty() ? std::string("none") : fmt::format("{}", fmt::join(known, ", "))));
  }
}

}  // namespace facesr
