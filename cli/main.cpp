// facesr: face super-resolution models in C++ on LibTorch.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <locale>

#include "commands/commands.h"
#include "commands/number_checks.h"
#include "core/error.h"
#include "runtime/caching_cpu_allocator.h"
#include "runtime/runtime.h"

int main(int argc, char** argv) {
  std::locale::global(std::locale("C"));
  CLI::App app{"facesr: turn tiny, blurry faces into sharp ones (CTCNet, SPARNet, DIC, SCGAN, EIPNet)"};
  app.require_subcommand(1);
  // Global options may also follow the subcommand (`facesr eval --threads 1 ...`), as users type them.
  app.fallthrough();
  app.set_version_flag("--version", "facesr 0.1.0");
  // One line, like every other facesr error (CLI11's default adds a second).
  app.failure_message([](const CLI::App* parsed, const CLI::Error& e) {
    // A mistyped command leaves its word unparsed; CLI11 would only say that a subcommand is required.
    if (parsed->get_subcommands().empty() && !parsed->remaining().empty()) {
      std::string names;
      for (const CLI::App* sub : parsed->get_subcommands({})) names += (names.empty() ? "" : ", ") + sub->get_name();
      return fmt::format("facesr: error: unknown command '{}'; the commands are {} (see --help)\n",
                         parsed->remaining().front(), names);
    }
    return fmt::format("facesr: error: {} (see --help)\n", e.what());
  });

  facesr::cli::GlobalOptions global;
  app.add_option("--threads", global.threads, "CPU threads for LibTorch (0 = every core)")
      ->capture_default_str()
      ->check(facesr::cli::kNonNegative);
  global.cpu_cache_gib = static_cast<double>(facesr::default_cpu_cache_limit() >> 20) / 1024.0;
  app.add_option("--cpu-cache", global.cpu_cache_gib,
                 "GiB of freed CPU tensor memory kept for reuse instead of being returned to the system and "
                 "page-faulted in again (default: a quarter of RAM; 0 = LibTorch's own allocator)")
      ->capture_default_str()
      ->check(facesr::cli::kNonNegative);
  app.parse_complete_callback([&] {
    facesr::configure_threads(global.threads);
    if (global.cpu_cache_gib > 0)
      facesr::install_caching_cpu_allocator(static_cast<size_t>(global.cpu_cache_gib * double(size_t{1} << 30)));
  });

  facesr::cli::add_upscale_command(app, global);
  facesr::cli::add_restore_command(app, global);
  facesr::cli::add_eval_command(app, global);
  facesr::cli::add_train_command(app, global);
  facesr::cli::add_bench_command(app, global);
  facesr::cli::add_models_command(app, global);
  facesr::cli::add_inspect_command(app, global);
  facesr::cli::add_curves_command(app, global);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const facesr::Error& e) {
    fmt::print(stderr, "facesr: error: {}\n", e.what());
    return 1;
  } catch (const c10::Error& e) {
    fmt::print(stderr, "facesr: error: {}\n", e.what_without_backtrace());
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "facesr: error: {}\n", e.what());
    return 1;
  }
  return 0;
}
