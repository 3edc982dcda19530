// `facesr restore`: whole photos (files or folders) → the same photos,
// upscaled, with every face detected, aligned, restored by the model that
// fits its size and pasted back. --aligned takes face crops instead, routed
// the same way.
#include <fmt/format.h>

#include <filesystem>

#include "commands/commands.h"
#include "commands/face_files.h"
#include "commands/model_arguments.h"
#include "commands/progress.h"
#include "core/error.h"
#include "photo/photo_files.h"
#include "photo/photo_models.h"
#include "photo/photo_restorer.h"
#include "runtime/runtime.h"

namespace facesr::cli {

namespace {

namespace fs = std::filesystem;

struct RestoreOptions {
  ModelArguments model;
  std::vector<std::string> inputs;
  OutputNaming naming{"", "", "auto"};
  std::string route = "auto";
  bool aligned = false;
  bool only_center_face = false;
  bool save_faces = false;
  bool draw_boxes = false;
  bool verbose = false;
  int upscale = 2;
  int upsample_detect = -1;  // auto
};

void restore_photos(const RestoreOptions& o, const PhotoRestorer& restorer) {
  const std::vector<fs::path> files = pending_inputs(o.naming, collect_inputs(o.inputs));
  if (files.empty()) return;  // every output exists (--skip-existing)
  Progress progress("restore", files.size());
  PhotoFileEvents events;
  events.on_note = [&](const std::string& note) { progress.note("note: " + note); };
  if (o.verbose) events.on_face_routed = [&](const std::string& route) { progress.note(route); };
  // A single input's problem is the error itself, said once.
  if (files.size() > 1) events.on_skipped = [&](const std::string& problem) { progress.note("skipped: " + problem); };
  events.on_file_done = [&] { progress.advance(1); };
  const PhotoFilesResult t = process_photo_files(restorer, files, o.naming, {o.draw_boxes, o.save_faces}, events);
  progress.finish();
  fmt::print("restored {} face(s) in {} photo(s) with {} and {}, written to {}{}{}\n", t.faces, t.photos,
             restorer.model_name(Route::SuperResolve), restorer.model_name(Route::Restore), o.naming.dir,
             t.faceless ? fmt::format(", {} photo(s) without a face", t.faceless) : "",
             t.skipped.empty() ? "" : fmt::format(", skipped {} unreadable input(s)", t.skipped.size()));
  const RestoreTimings& s = t.seconds;
  const double total = s.detect + s.align + s.network + s.paste;
  fmt::print("time: {:.2f} s per photo{} (detect {:.2f} s, align {:.2f} s, network {:.2f} s, paste-back {:.2f} s in all)\n",
             total / t.photos, t.faces ? fmt::format(", {:.3f} s per face", total / t.faces) : "", s.detect, s.align,
             s.network, s.paste);
}

void run_restore(const RestoreOptions& o, const CLI::App& cmd) {
  if (o.aligned) {
    for (const char* photo_only : {"--upscale", "--upsample-detect", "--only-center-face", "--save-faces", "--draw-boxes"})
      if (cmd.count(photo_only) > 0)
        throw Error(fmt::format("{} applies to whole photos; drop it or drop --aligned", photo_only));
  }
  PhotoModels models = load_photo_models(o.model.model, o.model.weights, select_device(o.model.device));
  models.set_flip_ensemble(o.model.flip_ensemble);
  models.set_bf16(o.model.bf16);
  PhotoRestoreOptions options;
  options.upscale = o.upscale;
  options.search = {o.upsample_detect, o.only_center_face};
  options.route = parse_route_choice(o.route);
  options.batch_size = o.model.batch_size;
  const PhotoRestorer restorer(models.super_resolver.get(), models.restorer.get(), options);
  if (o.aligned)
    write_face_files(
        "restore", [&](const std::vector<cv::Mat>& faces) { return restorer.restore_aligned(faces); }, o.inputs,
        o.naming, o.model.batch_size);
  else
    restore_photos(o, restorer);
}

}  // namespace

void add_restore_command(CLI::App& app, const GlobalOptions&) {
  auto opts = std::make_shared<RestoreOptions>();
  auto* cmd = app.add_subcommand(
      "restore",
      "Restore every face of whole photos: detect, align, restore each face with the model that fits its size, and "
      "paste back (files or folders)");
  add_model_arguments(*cmd, opts->model);
  cmd->get_option("-m")->description(
      "Zoo model for the faces it fits: a x8 model (16->128) takes faces up to its 16 px input, a restoration model "
      "(sparnet-restore, sparnethd) the larger ones; the other kind stays the bundled one. Default: the bundled "
      "sparnet-tiny (x8) and sparnet-restore");
  cmd->add_option("-i,--input", opts->inputs, "Photos or folders of them")->required();
  cmd->add_option("-o,--output", opts->naming.dir, "Output folder (created if missing)")->required();
  cmd->add_option("--upscale", opts->upscale, "Upscale the whole photo by this factor (Lanczos background)")
      ->capture_default_str()
      ->check(CLI::Range(1, 8));
  cmd->add_option("--route", opts->route,
                  "Which model restores each face: auto (by the face's size in the photo: the x8 model up to its 16 px "
                  "input, the restoration model at the face's own size above), sr, restore, or none (plain upscale)")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "sr", "restore", "none"}));
  cmd->add_option("--upsample-detect", opts->upsample_detect,
                  "Double the photo this many times before detecting, to find small faces "
                  "(default: while it stays within 4 megapixels)")
      ->check(CLI::Range(0, 8));
  cmd->add_flag("--aligned", opts->aligned,
                "Inputs are aligned face crops, routed by their size: up to 16 px the x8 model (128 out), "
                "larger ones restored at their own size (at least 128)");
  cmd->add_flag("--only-center-face", opts->only_center_face, "Restore only the face nearest the photo's centre");
  cmd->add_flag("--save-faces", opts->save_faces,
                "Also write each face before (as the photo holds it) and after, at the model's output size, into "
                "OUT/faces/");
  cmd->add_flag("--draw-boxes", opts->draw_boxes, "Draw the detected face boxes and scores on the output");
  cmd->add_flag("-v,--verbose", opts->verbose, "Say for each face its size, the model and the frame it was restored at");
  cmd->add_option("--ext", opts->naming.ext, "Output format: png, jpg, ... or auto (the input's)")->capture_default_str();
  cmd->add_option("--suffix", opts->naming.suffix, "Appended to each output file's stem");
  cmd->add_flag("--skip-existing", opts->naming.skip_existing,
                "Leave inputs whose output file already exists (finishes an interrupted folder)");
  cmd->callback([opts, cmd] { run_restore(*opts, *cmd); });
}

}  // namespace facesr::cli
