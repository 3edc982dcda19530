// `facesr restore`: whole photos (files or folders) → the same photos,
// upscaled, with every face detected, aligned, restored by the model and
// pasted back. --aligned takes face crops instead, exactly as `upscale` does.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <opencv2/imgproc.hpp>

#include "commands/aligned_faces.h"
#include "commands/commands.h"
#include "commands/file_naming.h"
#include "commands/model_options.h"
#include "commands/progress.h"
#include "core/error.h"
#include "io/image.h"
#include "photo/face_finder.h"
#include "photo/restored_photo.h"

namespace facesr::cli {

namespace {

namespace fs = std::filesystem;

struct RestoreOptions {
  ModelOptions model;
  std::vector<std::string> inputs;
  OutputNaming naming{"", "", "auto"};
  bool aligned = false;
  bool only_center_face = false;
  bool save_faces = false;
  bool draw_boxes = false;
  int upscale = 2;
  int upsample_detect = -1;  // auto
};

// A photo whose faces wait for the model (faces of several photos share a batch).
struct PendingPhoto {
  fs::path input;
  fs::path target;
  cv::Mat photo;
  std::vector<PhotoFace> faces;
};

struct Tally {
  int photos = 0;
  int faces = 0;
  int faceless = 0;
  int skipped = 0;
};

// Each detection's box (and score) drawn onto the upscaled output.
void draw_detections(cv::Mat& canvas, const std::vector<PhotoFace>& faces, int upscale) {
  const cv::Scalar green(0, 255, 0);
  const int thickness = std::max(1, canvas.cols / 500);
  for (const PhotoFace& f : faces) {
    const cv::Rect box(cvRound(f.detection.box.x * upscale), cvRound(f.detection.box.y * upscale),
                       cvRound(f.detection.box.width * upscale), cvRound(f.detection.box.height * upscale));
    cv::rectangle(canvas, box, green, thickness);
    cv::putText(canvas, fmt::format("{:.2f}", f.detection.score), box.tl() + cv::Point(0, -3 * thickness),
                cv::FONT_HERSHEY_SIMPLEX, 0.4 * thickness, green, thickness);
  }
}

class PhotoRestorer {
 public:
  PhotoRestorer(const RestoreOptions& o, FaceUpscaler& upscaler)
      : o_(o), upscaler_(upscaler),
        search_{upscaler.spec().convention.output_size, o.upsample_detect, o.only_center_face} {}

  // Reads and searches one photo; it is written once its batch is restored.
  void add(const fs::path& input, Progress& progress) {
    PendingPhoto p{input, o_.naming.target(input), read_rgb8(input.string()), {}};
    const std::vector<std::string> changes = rgb8_conversions(input.string(), p.photo);
    if (!changes.empty()) progress.note(fmt::format("note: {}: {}", input.string(), fmt::join(changes, "; ")));
    p.faces = find_faces(predictor_, p.photo, search_);
    note_faces(p, progress);
    pending_faces_ += p.faces.size();
    pending_.push_back(std::move(p));
  }

  // A full batch of faces waits (or as many photos, to bound memory).
  bool batch_ready() const {
    const auto batch = static_cast<size_t>(o_.model.batch_size);
    return pending_faces_ >= batch || pending_.size() >= batch;
  }

  // Restores the waiting faces in batches and writes their photos.
  void flush(Progress& progress) {
    std::vector<cv::Mat> crops;
    for (const PendingPhoto& p : pending_)
      for (const PhotoFace& f : p.faces) crops.push_back(f.crop);
    std::vector<cv::Mat> restored;
    for (size_t start = 0; start < crops.size(); start += static_cast<size_t>(o_.model.batch_size)) {
      const size_t end = std::min(crops.size(), start + static_cast<size_t>(o_.model.batch_size));
      const std::vector<cv::Mat> out = upscaler_.upscale({crops.begin() + start, crops.begin() + end});
      restored.insert(restored.end(), out.begin(), out.end());
    }
    size_t next = 0;
    for (const PendingPhoto& p : pending_) {
      const std::vector<cv::Mat> mine(restored.begin() + next, restored.begin() + next + p.faces.size());
      next += p.faces.size();
      write(p, mine);
      progress.advance(1);
    }
    pending_.clear();
    pending_faces_ = 0;
  }

  Tally tally;

 private:
  void note_faces(const PendingPhoto& p, Progress& progress) const {
    const std::string name = p.input.string();
    if (p.faces.empty()) {
      const int upsample = o_.upsample_detect < 0 ? auto_detector_upsample(p.photo.size()) : o_.upsample_detect;
      progress.note(fmt::format("note: {}: no face found (searched at {}x, which finds frontal faces from about {} px "
                                "wide); wrote the photo upscaled only; for smaller faces try --upsample-detect {}",
                                name, 1 << upsample, 80 >> upsample, upsample + 1));
      return;
    }
    if (looks_grayscale(p.photo)) progress.note(fmt::format("note: {}: grayscale photo; faces are pasted back in gray", name));
    const int lr = upscaler_.spec().convention.lr_size;
    for (size_t i = 0; i < p.faces.size(); ++i) {
      const cv::Rect2f& box = p.faces[i].detection.box;
      if (box.width < lr)
        progress.note(fmt::format("note: {}: face {} at ({:.0f}, {:.0f}) is only {:.0f} px wide, below the model's {} px "
                                  "input; expect a rough restoration",
                                  name, i + 1, box.x, box.y, box.width, lr));
    }
  }

  void write(const PendingPhoto& p, const std::vector<cv::Mat>& restored) {
    cv::Mat out = restored_photo(p.photo, p.faces, restored, o_.upscale);
    if (o_.draw_boxes) draw_detections(out, p.faces, o_.upscale);
    write_rgb8(p.target.string(), out);
    if (o_.save_faces) {
      const fs::path dir = fs::path(o_.naming.dir) / "faces";
      fs::create_directories(dir);
      for (size_t i = 0; i < p.faces.size(); ++i) {
        const std::string stem = fmt::format("{}{}_{:02d}", p.input.stem().string(), o_.naming.suffix, i + 1);
        write_rgb8((dir / (stem + "_before.png")).string(), p.faces[i].crop);
        write_rgb8((dir / (stem + "_after.png")).string(), restored[i]);
      }
    }
    ++tally.photos;
    tally.faces += static_cast<int>(p.faces.size());
    tally.faceless += p.faces.empty();
  }

  const RestoreOptions& o_;
  FaceUpscaler& upscaler_;
  const LandmarkPredictor predictor_;
  const FaceSearch search_;
  std::vector<PendingPhoto> pending_;
  size_t pending_faces_ = 0;
};

void restore_photos(const RestoreOptions& o, FaceUpscaler& upscaler) {
  const std::vector<fs::path> files = collect_inputs(o.inputs);
  fs::create_directories(o.naming.dir);
  PhotoRestorer restorer(o, upscaler);
  Progress progress("restore", files.size());
  for (const fs::path& file : files) {
    try {
      restorer.add(file, progress);
    } catch (const Error& e) {
      ++restorer.tally.skipped;
      progress.note(fmt::format("skipped: {}", e.what()));
      progress.advance(1);
    }
    if (restorer.batch_ready()) restorer.flush(progress);
  }
  restorer.flush(progress);
  progress.finish();
  const Tally& t = restorer.tally;
  fmt::print("{}: restored {} face(s) in {} photo(s), written to {}{}{}\n", upscaler.spec().name, t.faces, t.photos,
             o.naming.dir, t.faceless ? fmt::format(", {} photo(s) without a face", t.faceless) : "",
             t.skipped ? fmt::format(", skipped {} unreadable input(s)", t.skipped) : "");
  if (t.photos == 0) throw Error(fmt::format("no input could be read ({} skipped)", t.skipped));
}

void run_restore(const RestoreOptions& o, const CLI::App& cmd) {
  if (o.aligned) {
    for (const char* photo_only : {"--upscale", "--upsample-detect", "--only-center-face", "--save-faces", "--draw-boxes"})
      if (cmd.count(photo_only) > 0)
        throw Error(fmt::format("{} applies to whole photos; drop it or drop --aligned", photo_only));
  }
  FaceUpscaler upscaler = o.model.make_upscaler();
  if (o.aligned)
    upscale_aligned_faces(upscaler, collect_inputs(o.inputs), o.naming, o.model.batch_size);
  else
    restore_photos(o, upscaler);
}

}  // namespace

void add_restore_command(CLI::App& app, const GlobalOptions&) {
  auto opts = std::make_shared<RestoreOptions>();
  auto* cmd = app.add_subcommand(
      "restore", "Restore every face of whole photos: detect, align, super-resolve and paste back (files or folders)");
  add_model_options(*cmd, opts->model);
  cmd->add_option("-i,--input", opts->inputs, "Photos or folders of them")->required();
  cmd->add_option("-o,--output", opts->naming.dir, "Output folder (created if missing)")->required();
  cmd->add_option("--upscale", opts->upscale, "Upscale the whole photo by this factor (Lanczos background)")
      ->capture_default_str()
      ->check(CLI::Range(1, 8));
  cmd->add_option("--upsample-detect", opts->upsample_detect,
                  "Double the photo this many times before detecting, to find small faces "
                  "(default: while it stays within 4 megapixels)")
      ->check(CLI::Range(0, 8));
  cmd->add_flag("--aligned", opts->aligned, "Inputs are aligned face crops: same as `facesr upscale`");
  cmd->add_flag("--only-center-face", opts->only_center_face, "Restore only the face nearest the photo's centre");
  cmd->add_flag("--save-faces", opts->save_faces, "Also write each aligned face before and after into OUT/faces/");
  cmd->add_flag("--draw-boxes", opts->draw_boxes, "Draw the detected face boxes and scores on the output");
  cmd->add_option("--ext", opts->naming.ext, "Output format: png, jpg, ... or auto (the input's)")->capture_default_str();
  cmd->add_option("--suffix", opts->naming.suffix, "Appended to each output file's stem");
  cmd->callback([opts, cmd] { run_restore(*opts, *cmd); });
}

}  // namespace facesr::cli
