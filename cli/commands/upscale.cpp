// `facesr upscale`: aligned face crops (files or folders) → super-resolved faces.
#include <fmt/format.h>

#include <algorithm>

#include "commands/commands.h"
#include "commands/face_files.h"
#include "commands/model_arguments.h"

namespace facesr::cli {

namespace {

struct UpscaleOptions {
  ModelArguments model;
  std::vector<std::string> inputs;
  OutputNaming naming;
};

void run_upscale(const UpscaleOptions& o) {
  FaceUpscaler upscaler = o.model.make_upscaler();
  const int lr_size = upscaler.spec().convention.lr_size;
  size_t reduced = 0;
  write_face_files(
      upscaler.spec().name,
      [&](const std::vector<cv::Mat>& faces) {
        for (const cv::Mat& f : faces) reduced += std::max(f.rows, f.cols) > lr_size;
        return upscaler.upscale(faces);
      },
      o.inputs, o.naming, o.model.batch_size);
  // A large crop silently shrunk to 16 px looks like a bad model: say what happened and what keeps the detail.
  if (reduced > 0)
    fmt::print(stderr,
               "note: {} face(s) larger than {}'s {} px input were reduced to it first, as the papers make their "
               "LR faces; `facesr restore --aligned` restores larger faces at their own size\n",
               reduced, upscaler.spec().name, lr_size);
}

}  // namespace

void add_upscale_command(CLI::App& app, const GlobalOptions&) {
  auto opts = std::make_shared<UpscaleOptions>();
  auto* cmd = app.add_subcommand("upscale", "Super-resolve aligned face crops (a file, several, or folders)");
  add_model_arguments(*cmd, opts->model);
  cmd->add_option("-i,--input", opts->inputs, "Face images or folders of them")->required();
  cmd->add_option("-o,--output", opts->naming.dir, "Output folder (created if missing)")->required();
  cmd->add_option("--suffix", opts->naming.suffix, "Appended to each output file's stem");
  cmd->add_flag("--skip-existing", opts->naming.skip_existing,
                "Leave inputs whose output file already exists (finishes an interrupted folder)");
  cmd->add_option("--ext", opts->naming.ext, "Output format: png, jpg, bmp, ... or auto (the input's)")
      ->capture_default_str();
  cmd->callback([opts] { run_upscale(*opts); });
}

}  // namespace facesr::cli
