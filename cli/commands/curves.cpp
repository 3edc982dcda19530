// `facesr curves`: a model's training legs (run folders, or the summary of
// earlier sessions) → one small summary JSON to commit beside its weights,
// and a PNG of validation PSNR against the samples seen.
#include <fmt/format.h>

#include <filesystem>

#include "commands/commands.h"
#include "core/error.h"
#include "io/image.h"
#include "training/training_curves.h"

namespace facesr::cli {

namespace {

struct CurvesOptions {
  std::vector<std::string> inputs;
  std::string summary;
  std::string plot;
  std::string title = "training";
  std::string leg_name;
  std::string leg_note;
};

void run_curves(const CurvesOptions& o) {
  if (o.summary.empty() && o.plot.empty()) throw Error("nothing to write: pass --summary FILE.json and/or --plot FILE.png");
  std::vector<training::CurveLeg> legs;
  for (const std::string& input : o.inputs) {
    if (std::filesystem::is_directory(input)) {
      legs.push_back(training::read_run_leg(input));
      if (!o.leg_name.empty()) legs.back().name = o.leg_name;
      legs.back().note = o.leg_note;
    } else {
      for (training::CurveLeg& leg : training::read_curves_summary(input)) legs.push_back(std::move(leg));
    }
  }
  int64_t samples = 0;
  double minutes = 0;
  for (const training::CurveLeg& leg : legs) {
    const double last = leg.val.empty() ? 0 : leg.val.back()[1];
    fmt::print("{}: {} steps of {} from step {} ({} samples) in {:.0f} min at {:.1f} img/s; last validation {:.3f} dB\n",
               leg.name, leg.last_step - leg.first_step, leg.batch_size, leg.first_step, leg.samples(), leg.minutes,
               leg.images_per_second, last);
    samples += leg.samples();
    minutes += leg.minutes;
  }
  fmt::print("all legs: {} samples in {:.1f} CPU hours\n", samples, minutes / 60);
  if (!o.summary.empty()) training::write_curves_summary(o.summary, o.title, legs);
  if (!o.plot.empty()) write_rgb8(o.plot, training::plot_curves(o.title, legs));
}

}  // namespace

void add_curves_command(CLI::App& app, const GlobalOptions&) {
  auto o = std::make_shared<CurvesOptions>();
  auto* cmd = app.add_subcommand(
      "curves", "Summarise a model's training legs (run folders or an earlier summary) and plot validation PSNR");
  cmd->add_option("inputs", o->inputs,
                  "Run folders written by `facesr train` (their log.jsonl) or summary .json files, oldest first")
      ->required()
      ->check(CLI::ExistingPath);
  cmd->add_option("--summary", o->summary, "Write every leg's summary here (JSON, small enough to commit)");
  cmd->add_option("--plot", o->plot, "Draw validation PSNR against the samples seen (PNG)");
  cmd->add_option("--title", o->title, "Title of the plot and the summary")->capture_default_str();
  cmd->add_option("--name", o->leg_name, "Name of the legs read from run folders (default: the folder's name)");
  cmd->add_option("--note", o->leg_note, "How those legs were run (the data, the command), kept in the summary");
  cmd->callback([o] { run_curves(*o); });
}

}  // namespace facesr::cli
