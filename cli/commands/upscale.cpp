// `facesr upscale`: aligned face crops (files or folders) → super-resolved faces.
#include <fmt/format.h>

#include <filesystem>

#include "commands/commands.h"
#include "commands/progress.h"
#include "core/error.h"
#include "inference/face_upscaler.h"
#include "inference/model_choice.h"
#include "io/image.h"
#include "io/image_files.h"
#include "runtime/runtime.h"

namespace facesr::cli {

namespace {

namespace fs = std::filesystem;

struct UpscaleOptions {
  std::string model;
  std::string weights;
  std::vector<std::string> inputs;
  std::string output_dir;
  std::string suffix;
  std::string ext = "png";
  int batch_size = 16;
  std::string device = "cpu";
};

// Files as given, folders expanded to their images (sorted, not recursive).
std::vector<fs::path> collect_inputs(const std::vector<std::string>& inputs) {
  std::vector<fs::path> files;
  for (const std::string& in : inputs) {
    const fs::path p(in);
    if (fs::is_directory(p)) {
      const std::vector<fs::path> found = list_images(p);
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(p)) {
      files.push_back(p);
    } else {
      throw Error(in + ": no such file or folder; check the path");
    }
  }
  return files;
}

void run_upscale(const UpscaleOptions& o) {
  const ModelChoice choice = choose_model(o.model, o.weights);
  FaceUpscaler upscaler(find_model(choice.model), choice.weights, select_device(o.device));
  const std::vector<fs::path> files = collect_inputs(o.inputs);
  fs::create_directories(o.output_dir);

  Progress progress("upscale", files.size());
  int written = 0;
  std::vector<std::string> skipped;
  for (size_t start = 0; start < files.size(); start += static_cast<size_t>(o.batch_size)) {
    const size_t end = std::min(files.size(), start + static_cast<size_t>(o.batch_size));
    std::vector<cv::Mat> faces;
    std::vector<fs::path> targets;
    for (size_t i = start; i < end; ++i) {
      const fs::path target = fs::path(o.output_dir) / (files[i].stem().string() + o.suffix + "." + o.ext);
      try {
        if (fs::exists(target) && fs::equivalent(target, files[i]))
          throw Error(files[i].string() + ": output would overwrite the input; choose another -o or --suffix");
        faces.push_back(read_rgb8(files[i].string()));
        targets.push_back(target);
      } catch (const Error& e) {
        skipped.push_back(e.what());
        progress.note(fmt::format("skipped: {}", e.what()));
      }
    }
    if (!faces.empty()) {
      const std::vector<cv::Mat> sr = upscaler.upscale(faces);
      for (size_t k = 0; k < sr.size(); ++k) {
        write_rgb8(targets[k].string(), sr[k]);
        ++written;
      }
    }
    progress.advance(end - start);
  }
  progress.finish();
  fmt::print("{}: wrote {} face(s) to {}{}\n", choice.model, written, o.output_dir,
             skipped.empty() ? "" : fmt::format(", skipped {} unreadable input(s)", skipped.size()));
  if (written == 0) throw Error(fmt::format("no input could be read ({} skipped)", skipped.size()));
}

}  // namespace

void add_upscale_command(CLI::App& app, const GlobalOptions&) {
  auto opts = std::make_shared<UpscaleOptions>();
  auto* cmd = app.add_subcommand("upscale", "Super-resolve aligned face crops (a file, several, or folders)");
  cmd->add_option("-m,--model", opts->model,
                  "Zoo model (see `facesr models`); default: the one the weights name, or with no -w the bundled "
                  "sparnet-tiny trained on UTKFace");
  cmd->add_option("-w,--weights", opts->weights, "Model weights (.safetensors); not needed for bicubic");
  cmd->add_option("-i,--input", opts->inputs, "Face images or folders of them")->required();
  cmd->add_option("-o,--output", opts->output_dir, "Output folder (created if missing)")->required();
  cmd->add_option("--suffix", opts->suffix, "Appended to each output file's stem");
  cmd->add_option("--ext", opts->ext, "Output format: png, jpg, bmp, ...")->capture_default_str();
  cmd->add_option("-b,--batch-size", opts->batch_size, "Faces per forward pass")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--device", opts->device, "cpu, cuda or cuda:N")->capture_default_str();
  cmd->callback([opts] { run_upscale(*opts); });
}

}  // namespace facesr::cli
