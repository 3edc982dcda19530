// A model's training history across sessions: each leg (one run folder's
// log.jsonl, or a leg kept from an earlier session) reduced to a small
// summary that is committed beside the weights, and drawn as a PNG of
// validation PSNR against the samples seen, so anyone can see where a model
// stands and whether it is still rising.
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace facesr::training {

struct CurveLeg {
  std::string name;       // e.g. the run folder
  std::string note;       // how the leg was run, for a reader (kept in the summary)
  std::string recipe;
  nlohmann::json settings = nlohmann::json::object();  // the whole recipe the leg ran, overrides applied
  int batch_size = 0;
  int64_t first_step = 0;  // the step the leg started from (a resumed run's)
  int64_t last_step = 0;
  double minutes = 0;      // wall-clock training time (from the log's times, else its images/s)
  double images_per_second = 0;  // median of the logged windows
  std::vector<std::array<double, 3>> val;   // step, PSNR, baseline PSNR (NaN when unknown)
  std::vector<std::array<double, 2>> loss;  // step, training loss (at most 200 points)

  int64_t samples() const { return (last_step - first_step) * batch_size; }
};

// One leg from a run folder (its log.jsonl; resumed segments are one leg).
// Throws facesr::Error naming the file when it is missing or holds no steps.
CurveLeg read_run_leg(const std::string& run_dir);

nlohmann::json leg_to_json(const CurveLeg& leg);
CurveLeg leg_from_json(const nlohmann::json& json);

// Legs from a summary file written by write_curves_summary.
std::vector<CurveLeg> read_curves_summary(const std::string& path);
void write_curves_summary(const std::string& path, const std::string& title, const std::vector<CurveLeg>& legs);

// Validation PSNR (and the baseline, dashed) against the thousands of
// samples seen over all legs, one colour per leg. RGB8.
cv::Mat plot_curves(const std::string& title, const std::vector<CurveLeg>& legs);

}  // namespace facesr::training
