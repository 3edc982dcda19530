// A training recipe: everything a paper's train.sh fixes, as one JSON file
// under configs/ (one per zoo model), with `--set key=value` overrides.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace facesr::training {

struct Recipe {
  std::string name;            // config name, e.g. "sparnet"
  std::string model;           // zoo model
  nlohmann::json model_options = nlohmann::json::object();
  std::string objective;       // what a step optimises: "pixel", ... (see objectives/)
  // How the pixel objective makes its input from an HR face: "bicubic" (the
  // papers' PIL-bicubic LR), or for restoration models (input the output's
  // size) "blind" or "photo" (BlindDegradationRanges::named at the model's size).
  std::string degradation = "bicubic";
  std::string lr_data;         // unpaired real LR faces (SCGAN; `train --lr-data`)
  std::string pretrained;      // generator weights (.safetensors) loaded over the init; "" = none
  // Grow a network from smaller weights: keys the file lacks (deeper) keep their
  // init; layers it has narrower (wider min_ch) are widened computing the same
  // (weights/widen_state.h); other mis-shaped or unknown keys are still errors.
  bool pretrained_partial = false;
  // Key prefixes not taken from `pretrained` (they keep their initialisation):
  // a pretrained body under a new head, e.g. ["out_conv."].
  std::vector<std::string> pretrained_skip;
  std::string init = "normal";  // normal: N(0, 0.02) convs, BN N(1, 0.02) (SPARNet/CTCNet); kaiming; xavier; default
  int hr_size = 128;
  // Training faces whose face_sharpness (variance of the Laplacian at
  // hr_size) is below this are left out, so blurry photos are not targets;
  // validation keeps every face. 0 = keep all.
  double min_sharpness = 0;
  int batch_size = 16;
  double epochs = 0;           // used when iterations == 0: ⌊epochs · N / batch⌋ steps
  int64_t iterations = 0;
  double lr = 2e-4;
  double beta1 = 0.9, beta2 = 0.99;
  double d_lr = 0;             // discriminators' lr (same betas and schedule); 0 = lr
  double ema_decay = 0;        // θ_H ← d·θ_H + (1−d)·θ_G each step, exported instead of G; 0 = no EMA
  std::string schedule = "constant";  // constant | multistep | cosine
  std::vector<int64_t> milestones;    // multistep, in steps
  double gamma = 0.5;
  int64_t cosine_period = 0;          // cosine: T_max in steps (epochs with schedule_per_epoch)
  bool schedule_per_epoch = false;    // the schedule advances once per epoch, not per step
  double eta_min = 0;
  nlohmann::json losses = nlohmann::json::object();  // loss name → weight
  double grad_clip = 0;        // max gradient L2 norm; 0 = off
  std::string precision = "fp32";  // fp32 | bf16 | fp16 (autocast)
  uint64_t seed = 123;
  int val_count = 1000;        // last N sorted images of --data validate
  int val_every = 1000;        // steps
  int checkpoint_every = 500;  // steps
  int log_every = 50;          // steps
  int workers = 2;             // loader threads

  double loss_weight(const std::string& loss) const;
  nlohmann::json to_json() const;
};

// The config file `name_or_path` (a name looks in the configs/ folder),
// with `overrides` ("key=value"; value parsed as JSON, else a string;
// "losses.l1=2" sets one loss weight) applied. Unknown keys are errors.
Recipe load_recipe(const std::string& name_or_path, const std::vector<std::string>& overrides = {});
Recipe recipe_from_json(const nlohmann::json& json, const std::string& name);

// Folder of the bundled configs: $FACESR_CONFIG_DIR, else the source tree's, else the installed copy.
std::string config_dir();

}  // namespace facesr::training
