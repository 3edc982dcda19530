// `facesr train`: runs a recipe on a face folder. Checkpoints every
// `checkpoint_every` steps (and on SIGINT/SIGTERM), validates every
// `val_every` steps, logs JSONL scalars, and exports the generator.
//
// Files in the run folder:
//   checkpoint.safetensors  resumable state (--resume)
//   log.jsonl               scalars per log_every steps and per validation
//   samples/step_N.png      LR | bicubic | model | HR grids
//   best.safetensors        generator weights with the best validation PSNR
//   model.safetensors       generator weights at the end of the run
//   recipe.json             the recipe as run, overrides applied
#pragma once

#include <torch/torch.h>

#include <functional>
#include <map>
#include <string>

#include "onednn/conv_backend.h"
#include "training/recipe.h"

namespace facesr::training {

struct TrainOptions {
  std::string data_dir;   // HR faces
  std::string run_dir;
  bool resume = false;    // continue from run_dir/checkpoint.safetensors
  torch::Device device = torch::kCPU;
  int grid_rows = 8;
  double max_minutes = 0;  // stop (with a checkpoint) after this long; 0 = no limit
  ConvBackend conv;        // of every trained network (oneDNN's training path where built)
};

struct StepReport {
  int64_t step = 0;  // steps done
  int64_t total = 0;
  std::map<std::string, double> losses;
  double images_per_second = 0;
};

struct TrainCallbacks {
  std::function<void(const StepReport&)> on_step;
  std::function<void(const std::string&)> on_note;  // validation results, skipped files, checkpoints
};

struct TrainSummary {
  int64_t steps_done = 0;
  int64_t total_steps = 0;
  bool finished = false;       // reached total_steps
  int64_t val_step = -1;       // step of the last validation in this process; -1: none
  double val_psnr = 0;         // last validation
  double val_bicubic_psnr = 0;
  double val_l1 = 0;
  double seconds = 0;
};

TrainSummary train(const Recipe& recipe, const TrainOptions& options, const TrainCallbacks& callbacks);

// The recipe a run resumes with: its own recipe.json (the recipe it started
// with), `overrides` applied on top, so `--resume` keeps the run's schedule
// and settings without the command repeating every --set. `given` is the
// recipe the command names: it must be the run's, and is used as it is when
// the run folder has no recipe.json.
Recipe resumed_recipe(const Recipe& given, const std::string& run_dir, const std::vector<std::string>& overrides);

}  // namespace facesr::training
