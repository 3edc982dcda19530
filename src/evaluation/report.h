// Writes an evaluation as files people and scripts can read: per-image CSV,
// JSON summary, Markdown leaderboard and the comparison grid PNG.
#pragma once

#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "evaluation/eval_set.h"
#include "evaluation/scoring.h"

namespace facesr::evaluation {

struct EvalReport {
  std::string source_dir;                    // the HR (or real LR) folder
  std::vector<metrics::Protocol> protocols;  // described in the summary
  const EvalSet* set = nullptr;
  std::vector<MethodScores> methods;
  std::vector<std::string> problems;
  std::vector<std::string> notes;  // e.g. where landmark references came from
};

// The leaderboard as a Markdown table (also printed by `facesr eval`).
std::string markdown_table(const EvalReport& report);

// Writes per_image.csv, summary.json, summary.md and (if non-empty) grid.png
// into `dir` (created if missing), each atomically.
void write_report(const EvalReport& report, const cv::Mat& grid, const std::string& dir);

// Writes every face the evaluation saw as PNG, to look at or to score again:
// `dir`/input/<name>.png (what the models were given) and `dir`/<method>/<name>.png
// for each output computed here (methods read from an --sr folder are already on
// disk and are not copied). Each file appears atomically.
void write_images(const EvalSet& set, const std::vector<MethodOutput>& outputs, const std::string& dir);

}  // namespace facesr::evaluation
