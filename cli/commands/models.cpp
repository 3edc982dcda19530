// `facesr models`: the zoo with parameter counts and I/O conventions.
#include <fmt/format.h>

#include "commands/commands.h"
#include "models/registry.h"

namespace facesr::cli {

void add_models_command(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("models", "List the models facesr can build, with parameter counts");
  cmd->callback([] {
    const auto& zoo = model_zoo();
    if (zoo.empty()) {
      fmt::print("No models are registered in this build.\n");
      return;
    }
    fmt::print("{:<22} {:>12}  {:<14} {}\n", "model", "parameters", "LR -> SR", "description");
    for (const ModelSpec& spec : zoo) {
      const auto net = spec.make(ModelOptions::object());
      const auto& c = spec.convention;
      fmt::print("{:<22} {:>12L}  {:<14} {}\n", spec.name, parameter_count(*net),
                 fmt::format("{}->{}", c.lr_size, c.output_size), spec.summary);
    }
  });
}

}  // namespace facesr::cli
