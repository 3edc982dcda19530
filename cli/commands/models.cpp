// `facesr models`: the zoo with parameter counts and I/O conventions.
#include <fmt/format.h>

#include "commands/commands.h"
#include "models/registry.h"

namespace facesr::cli {

namespace {

// 10518867 -> "10,518,867", the way the papers and specs print counts.
std::string grouped(int64_t n) {
  std::string digits = std::to_string(n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<size_t>(i), ",");
  return digits;
}

}  // namespace

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
      const int64_t params = spec.make ? parameter_count(*spec.make(ModelOptions::object())) : 0;
      const auto& c = spec.convention;
      fmt::print("{:<22} {:>12}  {:<14} {}\n", spec.name, params ? grouped(params) : "-",
                 fmt::format("{}->{}", c.lr_size, c.output_size), spec.summary);
    }
  });
}

}  // namespace facesr::cli
