// Subcommands whose implementation has not landed yet. They exist so that
// `facesr --help` shows the whole tool, and say plainly that they cannot run.
#include <fmt/format.h>

#include "commands/commands.h"
#include "core/error.h"

namespace facesr::cli {

namespace {

void add_not_built(CLI::App& app, const std::string& name, const std::string& what, int issue) {
  auto* cmd = app.add_subcommand(name, what + " (not built yet)");
  cmd->allow_extras();
  cmd->callback([name, issue] {
    throw Error(fmt::format("`facesr {}` is not built yet in this version (tracked in issue #{})", name, issue));
  });
}

}  // namespace

void add_train_command(CLI::App& app, const GlobalOptions&) {
  add_not_built(app, "train", "Train a zoo model with its paper's recipe", 5);
}

}  // namespace facesr::cli
