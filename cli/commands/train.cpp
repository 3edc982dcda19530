// `facesr train`: train a zoo model on a face folder with its paper's recipe.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>

#include "commands/commands.h"
#include "commands/progress.h"
#include "runtime/runtime.h"
#include "training/recipe.h"
#include "training/trainer.h"

namespace facesr::cli {

namespace {

struct TrainCommandOptions {
  std::string recipe;
  std::string data_dir;
  std::string lr_data_dir;
  std::string run_dir;
  std::vector<std::string> overrides;
  bool resume = false;
  std::string device = "cpu";
  double max_minutes = 0;
  bool libtorch_convolutions = false;
};

void run_train(const TrainCommandOptions& o) {
  // --lr-data overrides the recipe's (and a resumed run's) lr_data.
  const auto with_lr_data = [&](training::Recipe r) {
    if (!o.lr_data_dir.empty()) r.lr_data = o.lr_data_dir;
    return r;
  };
  training::Recipe recipe = with_lr_data(training::load_recipe(o.recipe, o.overrides));
  training::TrainOptions options;
  options.data_dir = o.data_dir;
  options.run_dir = o.run_dir.empty() ? (std::filesystem::path("runs") / recipe.name).string() : o.run_dir;
  if (o.resume) {
    const training::Recipe given = recipe;
    recipe = with_lr_data(training::resumed_recipe(given, options.run_dir, o.overrides));
    // Say where the run's recipe departs from the command's, so a resumed leg's settings are never a surprise.
    const nlohmann::json run = recipe.to_json(), command = given.to_json();
    for (const auto& [key, value] : run.items())
      if (command.at(key) != value)
        fmt::print(stderr, "resuming with the run's {}: {} (the command's recipe says {})\n", key, value.dump(),
                   command.at(key).dump());
  }
  options.resume = o.resume;
  options.device = select_device(o.device);
  options.max_minutes = o.max_minutes;
  options.conv.onednn = !o.libtorch_convolutions;

  fmt::print(stderr, "training {} ({}) on {} → {}\n", recipe.name, recipe.model, o.data_dir, options.run_dir);
  std::unique_ptr<Progress> progress;
  training::TrainCallbacks callbacks;
  callbacks.on_step = [&](const training::StepReport& r) {
    // A resumed run starts part-way: those steps count towards the total, not the rate.
    if (!progress)
      progress = std::make_unique<Progress>("train", static_cast<size_t>(r.total), static_cast<size_t>(r.step - 1));
    std::string losses;
    for (const auto& [k, v] : r.losses) losses += fmt::format(" {} {:.4f}", k, v);
    progress->set_detail(fmt::format("{} {:.1f} img/s", losses, r.images_per_second));
    progress->advance(1);
  };
  callbacks.on_note = [&](const std::string& message) {
    if (progress) progress->note(message);
    else fmt::print(stderr, "{}\n", message);
  };
  const training::TrainSummary s = training::train(recipe, options, callbacks);
  if (progress) progress->finish();
  // A run stopped by a signal skips validation: say which step the score is from.
  const std::string validation =
      s.val_step < 0 ? "no validation in this run"
      : s.val_step == s.steps_done
          ? fmt::format("validation PSNR {:.3f} dB (bicubic {:.3f} dB)", s.val_psnr, s.val_bicubic_psnr)
          : fmt::format("last validation (step {}) PSNR {:.3f} dB (bicubic {:.3f} dB)", s.val_step, s.val_psnr,
                        s.val_bicubic_psnr);
  fmt::print("{} {}/{} steps in {:.0f} s; {}; run folder {}\n", s.finished ? "finished" : "stopped", s.steps_done,
             s.total_steps, s.seconds, validation, options.run_dir);
}

}  // namespace

void add_train_command(CLI::App& app, const GlobalOptions&) {
  auto o = std::make_shared<TrainCommandOptions>();
  auto* cmd = app.add_subcommand("train", "Train a zoo model on a folder of HR faces with its paper's recipe");
  std::vector<std::string> names;
  std::error_code no_configs;  // a missing configs/ must not break the whole CLI
  for (const auto& entry : std::filesystem::directory_iterator(training::config_dir(), no_configs))
    if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  cmd->add_option("recipe", o->recipe,
                  fmt::format("Recipe: a name from configs/ ({}) or a JSON file", fmt::join(names, ", ")))
      ->required();
  cmd->add_option("--data", o->data_dir, "Folder of HR face images (any size; centre-cropped and resized)")
      ->required();
  cmd->add_option("--lr-data", o->lr_data_dir, "Folder of real, unpaired LR faces (SCGAN's 16x16 LOW set)");
  cmd->add_option("-o,--output", o->run_dir, "Run folder (checkpoint, log.jsonl, samples/, weights); default runs/RECIPE");
  cmd->add_option("--set", o->overrides, "Override a recipe value, e.g. --set lr=1e-4 --set losses.l1=2")
      ->take_all();
  cmd->add_flag("--resume", o->resume,
                "Continue the run in -o from its last checkpoint, with the recipe it started with (its recipe.json) "
                "and this command's --set on top");
  cmd->add_option("--device", o->device, "cpu, cuda or cuda:N")->capture_default_str();
  cmd->add_option("--max-minutes", o->max_minutes, "Stop with a checkpoint after this many minutes (0 = no limit)")
      ->capture_default_str();
  cmd->add_flag("--libtorch-convolutions", o->libtorch_convolutions,
                "Run the convolutions with LibTorch's kernels instead of facesr's oneDNN training path "
                "(Winograd for wide 3x3 layers, deconvolutions for transposed ones): slower, rounds as LibTorch");
  cmd->callback([o] { run_train(*o); });
}

}  // namespace facesr::cli
