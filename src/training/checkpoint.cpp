#include "training/checkpoint.h"

#include <fmt/format.h>

#include "core/error.h"
#include "training/trained_network.h"
#include "weights/state_dict.h"

namespace facesr::training {

void save_checkpoint(const std::string& path, Objective& objective, const Recipe& recipe, int64_t step) {
  safetensors::NamedTensors tensors;
  for (TrainedNetwork* net : objective.networks()) net->append_state(tensors);
  objective.append_state(tensors);
  tensors.emplace_back("rng.torch_cpu", at::detail::getDefaultCPUGenerator().get_state());
  safetensors::save(path, tensors,
                    {{"facesr_checkpoint", "1"}, {"step", std::to_string(step)}, {"recipe", recipe.to_json().dump()}});
}

int64_t load_checkpoint(const std::string& path, Objective& objective, const Recipe& recipe) {
  const safetensors::File file = safetensors::File::open(path);
  const auto& meta = file.metadata();
  if (!meta.count("facesr_checkpoint") || !meta.count("step"))
    throw Error(fmt::format("{}: not a facesr training checkpoint (inference weights cannot resume a run)", path));
  const auto saved = nlohmann::json::parse(meta.at("recipe"), nullptr, false);
  if (!saved.is_discarded() && saved.value("model", "") != recipe.model)
    throw Error(fmt::format("{}: checkpoint trains '{}', the recipe '{}'; resume with the same recipe", path,
                            saved.value("model", ""), recipe.model));
  const auto state = file.tensors();
  for (TrainedNetwork* net : objective.networks()) net->load_state(state, path);
  objective.load_state(state, path);
  if (const auto rng = state.find("rng.torch_cpu"); rng != state.end()) {
    at::Generator generator = at::detail::getDefaultCPUGenerator();  // shares the global generator
    generator.set_state(rng->second);
  }
  return std::stoll(meta.at("step"));
}

void export_generator(const std::string& path, Objective& objective, const Recipe& recipe,
                      const std::map<std::string, std::string>& extra_metadata) {
  std::map<std::string, std::string> meta = extra_metadata;
  meta["facesr_arch"] = recipe.model;
  meta["facesr_options"] = recipe.model_options.dump();
  save_weights(objective.generator(), path, meta);
}

}  // namespace facesr::training
