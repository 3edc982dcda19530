// `facesr eval`: PSNR/SSIM of SR results or of a model against HR faces,
// under each paper's protocol, with the bicubic baseline as the first row;
// optionally landmark error, identity (face descriptors) and BRISQUE.
#include <fmt/format.h>

#include <chrono>

#include "commands/commands.h"
#include "commands/model_arguments.h"
#include "commands/number_checks.h"
#include "commands/progress.h"
#include "core/batches.h"
#include "core/error.h"
#include "evaluation/comparison_grid.h"
#include "evaluation/eval_set.h"
#include "evaluation/identity_scorer.h"
#include "evaluation/report.h"
#include "evaluation/scoring.h"
#include "inference/face_upscaler.h"
#include "inference/model_choice.h"
#include "runtime/runtime.h"

namespace facesr::cli {

namespace {

using namespace facesr::evaluation;

struct EvalOptions {
  std::string hr_dir;
  std::string lr_dir;
  bool landmarks = false;
  bool identity = false;
  bool brisque = false;
  std::string sr_dir;
  std::string model;
  std::string weights;
  std::string protocol = "all";
  std::string report_dir = "eval_report";
  int limit = 0;
  int grid_rows = 8;
  bool save_images = false;
  bool flip_ensemble = false;
  bool bf16 = false;
  int batch_size = 16;
  std::string device = "cpu";
  LrSynthesis lr_synthesis;
};

std::vector<metrics::Protocol> chosen_protocols(const std::string& name) {
  if (name == "all") {
    std::vector<metrics::Protocol> all;
    for (const auto& info : metrics::evaluation_protocols()) all.push_back(info.protocol);
    return all;
  }
  return {metrics::find_protocol(name)};
}

// Runs `upscaler` over the set's LR faces in batches, timing only the model.
MethodOutput run_model(FaceUpscaler& upscaler, const EvalSet& set, int batch_size) {
  MethodOutput out{upscaler.spec().name, {}, 0.0};
  Progress progress(upscaler.spec().name, set.images.size());
  for_each_batch(set.images.size(), batch_size, [&](size_t begin, size_t end) {
    std::vector<cv::Mat> lr;
    for (size_t i = begin; i < end; ++i) lr.push_back(set.images[i].lr);
    const auto t0 = std::chrono::steady_clock::now();
    for (cv::Mat& sr : upscaler.upscale(lr)) out.sr.push_back(sr);
    out.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    progress.advance(end - begin);
  });
  progress.finish();
  return out;
}

void run_eval(const EvalOptions& o) {
  if (o.hr_dir.empty() == o.lr_dir.empty()) throw Error("pass --hr DIR (faces with ground truth) or --lr DIR (real LR faces)");
  if (!o.sr_dir.empty() && (!o.model.empty() || !o.weights.empty()))
    throw Error("pass either --sr DIR or -m MODEL / -w WEIGHTS, not both");
  if (!o.lr_dir.empty() && o.lr_synthesis.degradation != "bicubic")
    throw Error("--degrade makes inputs from --hr faces; real --lr faces are used as they are");
  if (!o.lr_dir.empty() && (!o.sr_dir.empty() || o.landmarks || o.identity))
    throw Error("--lr has no ground truth: --sr, --landmarks and --identity need --hr");
  const bool real_lr = !o.lr_dir.empty();
  const auto protocols = chosen_protocols(o.protocol);
  const torch::Device device = select_device(o.device);
  const bool runs_model = !o.model.empty() || !o.weights.empty();
  const ModelChoice choice = runs_model ? choose_model(o.model, o.weights) : ModelChoice{"bicubic", "", std::nullopt};
  const ModelSpec& target = find_model(choice.model);
  const ImageConvention& c = target.convention;

  EvalSet set = real_lr ? load_lr_set(o.lr_dir, c.lr_size, o.limit)
                        : load_eval_set(o.hr_dir, c.output_size, c.lr_size, o.limit, o.lr_synthesis);
  EvalReport report{real_lr ? o.lr_dir : o.hr_dir, protocols, &set, {}, set.problems, {}};
  if (!real_lr && o.lr_synthesis.degradation != "bicubic")
    report.notes.push_back(fmt::format(
        "inputs: the '{}' degradation of facesr's restoration model at {} px (x1-x8 down and up, blur, noise, JPEG; "
        "always a draw that changes the face), image i drawn from seed {} + i; the bicubic row is that input brought to {} px",
        o.lr_synthesis.degradation, c.output_size, o.lr_synthesis.seed, c.output_size));
  ScoringOptions scoring{real_lr ? std::vector<metrics::Protocol>{} : protocols, nullptr, o.brisque || real_lr};
  if (real_lr) report.notes.push_back("real LR without ground truth: no-reference BRISQUE only (lower is better)");

  std::unique_ptr<LandmarkPredictor> predictor;
  std::unique_ptr<LandmarkScorer> landmark_scorer;
  if (o.landmarks) {
    predictor = std::make_unique<LandmarkPredictor>();
    landmark_scorer = std::make_unique<LandmarkScorer>(set, *predictor);
    scoring.landmarks = landmark_scorer.get();
    report.notes.push_back(fmt::format(
        "landmark_nme: dlib 68-point landmarks on SR vs reference, mean distance / outer-eye-corner distance; "
        "{} references from .txt files, {} from dlib on HR",
        landmark_scorer->from_files(), set.images.size() - landmark_scorer->from_files()));
  }

  std::unique_ptr<FaceRecognizer> recognizer;
  std::unique_ptr<IdentityScorer> identity_scorer;
  if (o.identity) {
    recognizer = std::make_unique<FaceRecognizer>(bundled_face_recognition_weights(), device);
    identity_scorer = std::make_unique<IdentityScorer>(set, *recognizer, o.batch_size);
    scoring.identity = identity_scorer.get();
    report.notes.push_back(
        "identity: dlib's face-recognition ResNet (128-D descriptors, face-api's conversion and preprocessing) of SR vs "
        "HR; identity_cosine is their cosine similarity (1 at best), identity_dlib_distance their euclidean distance "
        "(0 at best), identity_same_person the share of faces within dlib's same-person distance 0.6");
  }

  std::vector<MethodOutput> outputs;
  // The baseline brings the model's own input to its output size with PIL
  // bicubic: 16 -> 128 for the x8 models, the input itself for restoration models.
  ModelSpec baseline = find_model("bicubic");
  baseline.convention.lr_size = baseline.convention.input_size = c.lr_size;
  baseline.convention.output_size = c.output_size;
  FaceUpscaler bicubic(baseline, "", device);
  outputs.push_back(run_model(bicubic, set, o.batch_size));
  if (target.make) {
    FaceUpscaler upscaler(choice, device);
    upscaler.set_flip_ensemble(o.flip_ensemble);
    upscaler.set_bf16(o.bf16);
    outputs.push_back(run_model(upscaler, set, o.batch_size));
    if (o.flip_ensemble) outputs.back().method += "+flip";
    if (o.bf16) outputs.back().method += "+bf16";
  }
  if (!o.sr_dir.empty()) outputs.push_back({"sr:" + o.sr_dir, pair_sr_images(o.sr_dir, set, report.problems), 0.0});

  for (const MethodOutput& out : outputs) report.methods.push_back(score_method(out, set, scoring));
  write_report(report, o.grid_rows > 0 ? comparison_grid(set, outputs, o.grid_rows) : cv::Mat(), o.report_dir);
  if (o.save_images) write_images(set, outputs, o.report_dir + "/images");

  fmt::print("{}", markdown_table(report));
  for (const auto& p : report.problems) fmt::print(stderr, "skipped: {}\n", p);
  fmt::print("report: {0}/summary.md, {0}/summary.json, {0}/per_image.csv{1}{2}\n", o.report_dir,
             o.grid_rows > 0 ? fmt::format(", {}/grid.png", o.report_dir) : "",
             o.save_images ? fmt::format(", {}/images/", o.report_dir) : "");
}

}  // namespace

void add_eval_command(CLI::App& app, const GlobalOptions&) {
  auto o = std::make_shared<EvalOptions>();
  auto* cmd = app.add_subcommand(
      "eval",
      "Score SR faces with PSNR/SSIM under each paper's protocol, landmark NME, identity and BRISQUE (bicubic is always "
      "a row)");
  cmd->add_option("--hr", o->hr_dir, "Folder of HR faces (resized to the model's output size if needed)");
  cmd->add_option("--lr", o->lr_dir, "Folder of real LR faces without ground truth (no-reference BRISQUE only)");
  cmd->add_option("--sr", o->sr_dir, "Folder of SR results to score, paired to HR by file name");
  cmd->add_option("-m,--model", o->model, "Zoo model to run on LR made from the HR faces (see --degrade)");
  cmd->add_option("-w,--weights", o->weights, "Weights for -m (.safetensors); alone, they name their own model");
  cmd->add_option("--degrade", o->lr_synthesis.degradation,
                  "How the input is made from each HR face: bicubic (PIL bicubic to the model's LR size, the papers'), "
                  "or blind or photo (x1-x8 down and up with blur, noise and JPEG at the HR size, as the restoration "
                  "model trains; photo's are milder)")
      ->capture_default_str()
      ->check(CLI::IsMember({"bicubic", "blind", "photo"}));
  cmd->add_option("--seed", o->lr_synthesis.seed, "With --degrade blind or photo: image i is degraded from seed + i")
      ->capture_default_str();
  cmd->add_option("--protocol", o->protocol, "all, sparnet, dic or rgb (specs/common.md §4)")->capture_default_str();
  cmd->add_flag("--landmarks", o->landmarks,
                "Add landmark NME (dlib 68 points on SR vs <name>.txt ground truth or dlib on HR)");
  cmd->add_flag("--identity", o->identity,
                "Add identity scores: cosine similarity and dlib distance of dlib face descriptors, SR vs HR");
  cmd->add_flag("--brisque", o->brisque, "Add the no-reference BRISQUE score (lower is better)");
  cmd->add_option("--report", o->report_dir, "Folder for per_image.csv, summary.json/.md and grid.png")
      ->capture_default_str();
  cmd->add_option("--limit", o->limit, "Score only the first N images (0 = all)")->check(kNonNegative);
  cmd->add_option("--grid-rows", o->grid_rows, "Images in grid.png (0 = no grid)")
      ->capture_default_str()
      ->check(kNonNegative);
  cmd->add_flag("--save-images", o->save_images,
                "Also write every face as PNG under the report folder: images/input/ (what the models were given) and "
                "images/<method>/ (each output), to look at or to score again with --sr");
  cmd->add_option("-b,--batch-size", o->batch_size, "Faces per forward pass")
      ->capture_default_str()
      ->check(kPositive);
  cmd->add_option("--device", o->device, "cpu, cuda or cuda:N")->capture_default_str();
  cmd->add_flag("--flip-ensemble", o->flip_ensemble, kFlipEnsembleHelp);
  cmd->add_flag("--bf16", o->bf16, kBf16Help);
  cmd->callback([o] { run_eval(*o); });
}

}  // namespace facesr::cli
