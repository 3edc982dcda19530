#include "training/trainer.h"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>

#include "core/error.h"
#include "io/atomic_file.h"
#include "io/image.h"
#include "training/checkpoint.h"
#include "training/distributed.h"
#include "training/face_folder.h"
#include "training/lr_schedule.h"
#include "training/sample_stream.h"
#include "training/train_log.h"
#include "training/trained_network.h"
#include "training/validation.h"

namespace facesr::training {

namespace fs = std::filesystem;

namespace {

std::atomic<int> g_stop_signal{0};

// A second signal while the first is being honoured ends the process at once
// (as Ctrl-C twice does elsewhere); the checkpoint on disk is still whole,
// since it is written atomically.
extern "C" void request_stop(int signal) {
  if (g_stop_signal != 0) {
    std::signal(signal, SIG_DFL);
    std::raise(signal);
  }
  g_stop_signal = signal;
}

// SIGINT/SIGTERM end the run after the current step with a checkpoint and no
// validation, so stopping takes a step, not a pass over the validation set.
class StopOnSignal {
 public:
  StopOnSignal() {
    g_stop_signal = 0;
    previous_int_ = std::signal(SIGINT, request_stop);
    previous_term_ = std::signal(SIGTERM, request_stop);
  }
  ~StopOnSignal() {
    std::signal(SIGINT, previous_int_);
    std::signal(SIGTERM, previous_term_);
  }

 private:
  void (*previous_int_)(int);
  void (*previous_term_)(int);
};

void note(const TrainCallbacks& callbacks, const std::string& message) {
  if (callbacks.on_note) callbacks.on_note(message);
}

}  // namespace

Recipe resumed_recipe(const Recipe& given, const std::string& run_dir, const std::vector<std::string>& overrides) {
  const fs::path saved = fs::path(run_dir) / "recipe.json";
  if (!fs::exists(saved)) return given;
  const Recipe recipe = load_recipe(saved.string(), overrides);
  if (recipe.name != given.name)
    throw Error(fmt::format("{}: this run trains recipe '{}', not '{}'; resume it with `train {}` or choose another -o",
                            run_dir, recipe.name, given.name, recipe.name));
  return recipe;
}

TrainSummary train(const Recipe& recipe, const TrainOptions& options, const TrainCallbacks& callbacks) {
  const auto started = std::chrono::steady_clock::now();
  const ModelSpec& spec = find_model(recipe.model);
  FaceSplit split = split_face_folder(options.data_dir, recipe.val_count);
  if (recipe.min_sharpness > 0) {
    const size_t all = split.train.size();
    split.train = sharp_faces(split.train, recipe.hr_size, recipe.min_sharpness);
    note(callbacks, fmt::format("min_sharpness {}: training on {} of {} faces", recipe.min_sharpness,
                                split.train.size(), all));
    if (split.train.empty())
      throw Error(fmt::format("{}: no training face is as sharp as min_sharpness {}; lower it (--set min_sharpness=...)",
                              options.data_dir, recipe.min_sharpness));
  }
  fs::create_directories(fs::path(options.run_dir) / "samples");
  const std::string checkpoint_path = (fs::path(options.run_dir) / "checkpoint.safetensors").string();

  ProcessGroupContext group(DistributedEnv::from_environment(), options.device);
  // Only rank 0 validates and writes files; every rank trains on its own shard.
  const bool main_rank = group.is_main();
  torch::manual_seed(recipe.seed);
  std::unique_ptr<Objective> objective = make_objective(recipe, options.device);
  for (TrainedNetwork* net : objective->networks()) {
    net->network().train();  // so the backend sets the training path only (conv_backend.h)
    set_conv_backend(net->network(), options.conv);
  }
  if (recipe.precision == "fp16")  // before resuming, so the checkpoint's scale is restored
    for (TrainedNetwork* net : objective->networks()) net->enable_loss_scaling();
  int64_t step = 0;
  if (options.resume) {
    if (!fs::exists(checkpoint_path))
      throw Error(fmt::format("{}: nothing to resume; drop --resume to start a new run", checkpoint_path));
    step = load_checkpoint(checkpoint_path, *objective, recipe);
    note(callbacks, fmt::format("resumed from {} at step {}", checkpoint_path, step));
  } else if (main_rank && fs::exists(checkpoint_path)) {
    throw Error(fmt::format("{}: a run already exists here; pass --resume to continue it or choose another -o",
                            checkpoint_path));
  }
  for (TrainedNetwork* net : objective->networks()) {
    group.broadcast_parameters(net->network());
    if (group.enabled()) net->set_gradient_sync([&group](torch::nn::Module& m) { group.average_gradients(m); });
  }
  if (main_rank)
    write_file_atomic((fs::path(options.run_dir) / "recipe.json").string(),
                      [&](std::ostream& out) { out << recipe.to_json().dump(2) << '\n'; });

  const int64_t per_epoch = static_cast<int64_t>(split.train.size()) / (recipe.batch_size * group.world_size());
  const int64_t total = recipe.iterations > 0
                            ? recipe.iterations
                            : std::max<int64_t>(1, static_cast<int64_t>(recipe.epochs * std::max<int64_t>(1, per_epoch)));

  const ValidationSet val_set =
      make_validation_set(main_rank ? split.val : std::vector<fs::path>{}, *objective, spec.convention);
  for (const std::string& p : val_set.problems) note(callbacks, "skipped (validation): " + p);

  // Rank r > 0 logs to log.rank<r>.jsonl, so the ranks can be compared.
  TrainLog log((fs::path(options.run_dir) /
                (main_rank ? std::string("log.jsonl") : fmt::format("log.rank{}.jsonl", group.rank())))
                   .string());
  log.write({{"kind", "note"}, {"step", step}, {"event", options.resume ? "resume" : "start"},
             {"rank", group.rank()}, {"world_size", group.world_size()}, {"train_images", split.train.size()},
             {"val_images", val_set.inputs.size()}, {"total_steps", total}, {"recipe", recipe.to_json()}});

  StreamOptions stream_options;
  stream_options.batch_size = recipe.batch_size;
  stream_options.workers = recipe.workers;
  stream_options.seed = recipe.seed;
  stream_options.rank = group.rank();
  stream_options.world_size = group.world_size();
  const Objective& maker = *objective;
  SampleStream stream(
      split.train,
      [&maker](const FaceImage& face, std::mt19937_64& rng) { return maker.make_sample(face, rng, /*augment=*/true); },
      stream_options, step);

  TrainSummary summary;
  summary.total_steps = total;
  double best_psnr = -1;
  const auto run_validation = [&](int64_t at_step) {
    if (!main_rank) return;
    const ValidationResult v = validate(objective->generator(), val_set, spec.convention, options.device,
                                        recipe.batch_size, options.grid_rows);
    summary.val_step = at_step;
    summary.val_psnr = v.psnr;
    summary.val_bicubic_psnr = v.bicubic_psnr;
    summary.val_l1 = v.l1;
    log.write({{"kind", "val"}, {"step", at_step}, {"val_l1", v.l1}, {"val_psnr", v.psnr},
               {"val_bicubic_psnr", v.bicubic_psnr}});
    note(callbacks, fmt::format("step {}: validation L1 {:.5f}, PSNR {:.3f} dB (bicubic {:.3f} dB)", at_step, v.l1,
                                v.psnr, v.bicubic_psnr));
    if (!v.grid.empty())
      write_rgb8((fs::path(options.run_dir) / "samples" / fmt::format("step_{:07d}.png", at_step)).string(), v.grid);
    if (v.psnr > best_psnr) {
      best_psnr = v.psnr;
      export_generator((fs::path(options.run_dir) / "best.safetensors").string(), *objective, recipe,
                       {{"step", std::to_string(at_step)}, {"val_psnr_sparnet", fmt::format("{:.4f}", v.psnr)}});
    }
  };

  // The untrained network's score: the reference each later validation improves on.
  if (!options.resume) run_validation(step);

  StopOnSignal stop_on_signal;
  auto window_start = std::chrono::steady_clock::now();
  int64_t window_images = 0;
  std::map<std::string, double> window_sums;
  int window_steps = 0;
  while (step < total) {
    const double scale = lr_scale(recipe, step, per_epoch);
    for (TrainedNetwork* net : objective->networks()) net->set_lr_scale(scale);
    std::vector<torch::Tensor> batch = stream.next();
    for (torch::Tensor& t : batch) t = t.to(options.device);
    const std::map<std::string, double> losses = objective->train_step(batch, step);
    ++step;
    for (const std::string& p : stream.take_problems()) {
      note(callbacks, "skipped: " + p);
      log.write({{"kind", "note"}, {"step", step}, {"skipped", p}});
    }
    window_images += recipe.batch_size;
    ++window_steps;
    for (const auto& [k, v] : losses) window_sums[k] += v;
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - window_start).count();
    StepReport report{step, total, losses, secs > 0 ? window_images / secs : 0};
    if (callbacks.on_step) callbacks.on_step(report);
    if (step % recipe.log_every == 0 || step == total) {
      nlohmann::json record{{"kind", "train"}, {"step", step}, {"lr", recipe.lr * scale},
                            {"images_per_second", report.images_per_second}};
      for (const auto& [k, v] : window_sums) record[k] = v / window_steps;
      log.write(record);
      window_start = std::chrono::steady_clock::now();
      window_images = 0;
      window_steps = 0;
      window_sums.clear();
    }
    const bool out_of_time =
        options.max_minutes > 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() > options.max_minutes * 60;
    // Every rank must leave at the same step, or the others would wait in the next all-reduce.
    const bool stopping = group.any_rank(g_stop_signal != 0 || out_of_time);
    // Only the main rank validates, so skipping it on a signal needs no agreement.
    const bool signalled = g_stop_signal != 0;
    if (step % recipe.val_every == 0 || step == total || (stopping && !signalled)) run_validation(step);
    if (main_rank && (step % recipe.checkpoint_every == 0 || step == total || stopping)) {
      save_checkpoint(checkpoint_path, *objective, recipe, step);
      log.write({{"kind", "note"}, {"step", step}, {"event", "checkpoint"}});
    }
    if (stopping) {
      note(callbacks, fmt::format("stopped at step {} ({}); continue with --resume",
                                  step, out_of_time ? "time limit" : signalled ? "signal" : "another rank stopped"));
      break;
    }
  }
  summary.steps_done = step;
  summary.finished = step >= total;
  if (summary.finished && main_rank)
    export_generator((fs::path(options.run_dir) / "model.safetensors").string(), *objective, recipe,
                     {{"step", std::to_string(step)}, {"val_psnr_sparnet", fmt::format("{:.4f}", summary.val_psnr)}});
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace facesr::training
