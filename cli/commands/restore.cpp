// `facesr restore`: whole photos (files or folders) → the same photos,
// upscaled, with every face detected, aligned, restored by the model that
// fits its size and pasted back. --aligned takes face crops instead, routed
// the same way.
#include <fmt/format.h>

#include <filesystem>
#include <opencv2/imgproc.hpp>

#include "commands/aligned_faces.h"
#include "commands/commands.h"
#include "commands/file_naming.h"
#include "commands/model_arguments.h"
#include "commands/progress.h"
#include "core/error.h"
#include "io/image.h"
#include "io/image_files.h"
#include "photo/alignment.h"
#include "photo/paste_back.h"
#include "photo/photo_models.h"
#include "photo/photo_restorer.h"
#include "photo/restored_photo.h"
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

struct Tally {
  int photos = 0;
  int faces = 0;
  int faceless = 0;
  int skipped = 0;
  RestoreTimings seconds;
};

// Each detection's box (and score) drawn onto the upscaled output.
void draw_detections(cv::Mat& canvas, const std::vector<RestoredFace>& faces, int upscale) {
  const cv::Scalar green(0, 255, 0);
  const int thickness = std::max(1, canvas.cols / 500);
  for (const RestoredFace& f : faces) {
    const cv::Rect2f& b = f.face.detection.box;
    const cv::Rect box(cvRound(b.x * upscale), cvRound(b.y * upscale), cvRound(b.width * upscale),
                       cvRound(b.height * upscale));
    cv::rectangle(canvas, box, green, thickness);
    cv::putText(canvas, fmt::format("{:.2f}", f.face.detection.score), box.tl() + cv::Point(0, -3 * thickness),
                cv::FONT_HERSHEY_SIMPLEX, 0.4 * thickness, green, thickness);
  }
}

// The face as the photo holds it, in the frame and at the size of the model's output.
cv::Mat face_before(const cv::Mat& photo, const RestoredFace& f) {
  const int size = f.restored.empty() ? f.face.crop.cols : f.restored.cols;
  return warp_to_crop(photo, scaled_frame(f.face.to_crop, static_cast<double>(size) / f.face.crop.cols), size);
}

class PhotoFolder {
 public:
  PhotoFolder(const RestoreOptions& o, const PhotoRestorer& restorer) : o_(o), restorer_(restorer) {}

  void restore(const fs::path& input, Progress& progress) {
    const fs::path target = o_.naming.target(input);
    const cv::Mat photo = read_rgb8(input.string());
    const std::string name = input.string();
    for (const std::string& change : rgb8_conversions(name, photo)) progress.note(fmt::format("note: {}: {}", name, change));
    RestoredPhoto r = restorer_.restore(photo);
    for (const std::string& n : r.notes) progress.note(fmt::format("note: {}: {}", name, n));
    note_faces(name, photo, r, progress);
    if (o_.draw_boxes) draw_detections(r.image, r.faces, r.upscale);
    write_rgb8(target.string(), r.image);
    if (o_.save_faces) save_faces(input, photo, r);
    ++tally.photos;
    tally.faces += static_cast<int>(r.faces.size());
    tally.faceless += r.faces.empty();
    tally.seconds.detect += r.seconds.detect;
    tally.seconds.align += r.seconds.align;
    tally.seconds.network += r.seconds.network;
    tally.seconds.paste += r.seconds.paste;
  }

  Tally tally;

 private:
  void note_faces(const std::string& name, const cv::Mat& photo, const RestoredPhoto& r, Progress& progress) const {
    if (r.faces.empty()) {
      const int upsample = o_.upsample_detect < 0 ? auto_detector_upsample(photo.size()) : o_.upsample_detect;
      progress.note(fmt::format("note: {}: no face found (searched at {}x, which finds frontal faces from about {} px "
                                "wide); wrote the photo upscaled only; for smaller faces try --upsample-detect {}",
                                name, 1 << upsample, 80 >> upsample, upsample + 1));
      return;
    }
    if (looks_grayscale(photo)) progress.note(fmt::format("note: {}: grayscale photo; faces are pasted back in gray", name));
    for (size_t i = 0; i < r.faces.size(); ++i) {
      const RestoredFace& f = r.faces[i];
      const cv::Rect2f& box = f.face.detection.box;
      const std::string where = fmt::format("face {} at ({:.0f}, {:.0f}), {:.0f} px", i + 1, box.x, box.y, f.native);
      if (f.route.route == Route::Keep)
        progress.note(fmt::format("note: {}: {}: left as the plain upscale ({})", name, where, f.route.why));
      else if (o_.verbose)
        progress.note(fmt::format("{}: {}: {} at {} px ({})", name, where, restorer_.model_name(f.route.route),
                                  f.route.frame, f.route.why));
    }
  }

  void save_faces(const fs::path& input, const cv::Mat& photo, const RestoredPhoto& r) const {
    const fs::path dir = fs::path(o_.naming.dir) / "faces";
    make_output_folder(dir);
    for (size_t i = 0; i < r.faces.size(); ++i) {
      const RestoredFace& f = r.faces[i];
      const std::string stem = fmt::format("{}{}_{:02d}", input.stem().string(), o_.naming.suffix, i + 1);
      const cv::Mat before = face_before(photo, f);
      write_rgb8((dir / (stem + "_before.png")).string(), before);
      write_rgb8((dir / (stem + "_after.png")).string(), f.restored.empty() ? before : f.restored);
    }
  }

  const RestoreOptions& o_;
  const PhotoRestorer& restorer_;
};

void restore_photos(const RestoreOptions& o, const PhotoRestorer& restorer) {
  const std::vector<fs::path> files = o.naming.pending(collect_inputs(o.inputs));
  if (files.empty()) return;  // every output exists (--skip-existing)
  make_output_folder(o.naming.dir);
  PhotoFolder folder(o, restorer);
  Progress progress("restore", files.size());
  std::string first_problem;
  for (const fs::path& file : files) {
    try {
      folder.restore(file, progress);
    } catch (const Error& e) {
      ++folder.tally.skipped;
      if (first_problem.empty()) first_problem = e.what();
      // A single input's problem is the error itself (below), said once.
      if (files.size() > 1) progress.note(fmt::format("skipped: {}", e.what()));
    }
    progress.advance(1);
  }
  progress.finish();
  const Tally& t = folder.tally;
  if (t.photos == 0)
    throw Error(no_readable_input(static_cast<size_t>(t.skipped), first_problem));
  fmt::print("restored {} face(s) in {} photo(s) with {} and {}, written to {}{}{}\n", t.faces, t.photos,
             restorer.model_name(Route::SuperResolve), restorer.model_name(Route::Restore), o.naming.dir,
             t.faceless ? fmt::format(", {} photo(s) without a face", t.faceless) : "",
             t.skipped ? fmt::format(", skipped {} unreadable input(s)", t.skipped) : "");
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
  const PhotoModels models = load_photo_models(o.model.model, o.model.weights, select_device(o.model.device));
  PhotoRestoreOptions options;
  options.upscale = o.upscale;
  options.search = {o.upsample_detect, o.only_center_face};
  options.route = parse_route_choice(o.route);
  options.batch_size = o.model.batch_size;
  const PhotoRestorer restorer(models.super_resolver.get(), models.restorer.get(), options);
  if (o.aligned)
    process_aligned_faces(
        "restore", [&](const std::vector<cv::Mat>& faces) { return restorer.restore_aligned(faces); },
        collect_inputs(o.inputs), o.naming, o.model.batch_size);
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
