// One function per `facesr` subcommand; each lives in commands/<name>.cpp and
// attaches its options and callback to the app.
#pragma once

#include <CLI/CLI.hpp>

namespace facesr::cli {

// Options every subcommand understands.
struct GlobalOptions {
  int threads = 0;  // 0: every core
  double cpu_cache_gib = 0;  // freed CPU memory kept for reuse; 0: none
};

void add_models_command(CLI::App& app, const GlobalOptions& global);
void add_upscale_command(CLI::App& app, const GlobalOptions& global);
void add_restore_command(CLI::App& app, const GlobalOptions& global);
void add_eval_command(CLI::App& app, const GlobalOptions& global);
void add_train_command(CLI::App& app, const GlobalOptions& global);
void add_bench_command(CLI::App& app, const GlobalOptions& global);
void add_inspect_command(CLI::App& app, const GlobalOptions& global);
void add_curves_command(CLI::App& app, const GlobalOptions& global);

}  // namespace facesr::cli
