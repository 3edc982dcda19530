#include "evaluation/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "io/atomic_file.h"
#include "io/image.h"
#include "io/image_files.h"

namespace facesr::evaluation {

namespace {

// Metric names in order of first appearance over all methods.
std::vector<std::string> metric_columns(const std::vector<MethodScores>& methods) {
  std::vector<std::string> cols;
  for (const MethodScores& m : methods)
    for (const auto& metric : m.mean)
      if (std::find(cols.begin(), cols.end(), metric.name) == cols.end()) cols.push_back(metric.name);
  return cols;
}

// The values of `metrics` in column order (NaN where a metric is absent).
std::vector<double> in_columns(const std::vector<metrics::NamedMetric>& metrics, const std::vector<std::string>& cols) {
  std::vector<double> values(cols.size(), std::nan(""));
  for (const auto& m : metrics)
    values[std::find(cols.begin(), cols.end(), m.name) - cols.begin()] = m.value;
  return values;
}

std::string number(double v) { return std::isnan(v) ? "" : std::isinf(v) ? "inf" : fmt::format("{:.6f}", v); }

void write_text(const std::string& path, const std::string& text) {
  write_file_atomic(path, [&](std::ostream& out) { out << text; });
}

}  // namespace

std::string markdown_table(const EvalReport& report) {
  const auto cols = metric_columns(report.methods);
  std::string md = "| method | images | images/s |";
  for (const auto& c : cols) md += " " + c + " |";
  md += "\n|---|---:|---:|";
  for (size_t i = 0; i < cols.size(); ++i) md += "---:|";
  md += "\n";
  for (const MethodScores& m : report.methods) {
    md += fmt::format("| {} | {} | {} |", m.method, m.scored,
                      m.images_per_second ? fmt::format("{:.1f}", *m.images_per_second) : "-");
    for (double v : in_columns(m.mean, cols)) md += " " + (std::isnan(v) ? std::string("-") : fmt::format("{:.4f}", v)) + " |";
    md += "\n";
  }
  return md;
}

void write_report(const EvalReport& report, const cv::Mat& grid, const std::string& dir) {
  make_output_folder(dir);
  const auto cols = metric_columns(report.methods);

  std::ostringstream csv;
  csv << "image,method";
  for (const auto& c : cols) csv << "," << c;
  csv << "\n";
  for (const MethodScores& m : report.methods) {
    for (size_t i = 0; i < m.per_image.size(); ++i) {
      if (m.per_image[i].empty()) continue;
      csv << report.set->images[i].name << "," << m.method;
      for (double v : in_columns(m.per_image[i], cols)) csv << "," << number(v);
      csv << "\n";
    }
  }
  write_text(dir + "/per_image.csv", csv.str());

  nlohmann::ordered_json j;
  j["source_dir"] = report.source_dir;
  j["images"] = report.set->images.size();
  j["protocols"] = nlohmann::json::array();
  for (metrics::Protocol p : report.protocols) {
    const auto& info = metrics::protocol_info(p);
    j["protocols"].push_back({{"name", info.name}, {"description", info.description}});
  }
  j["methods"] = nlohmann::json::array();
  for (const MethodScores& m : report.methods) {
    nlohmann::ordered_json row = {{"method", m.method}, {"images_scored", m.scored}};
    row["images_per_second"] = m.images_per_second ? nlohmann::json(*m.images_per_second) : nlohmann::json(nullptr);
    nlohmann::ordered_json values = nlohmann::ordered_json::object();
    for (const auto& metric : m.mean)
      values[metric.name] = std::isinf(metric.value) ? nlohmann::json("inf") : nlohmann::json(metric.value);
    row["metrics"] = values;
    j["methods"].push_back(row);
  }
  j["notes"] = report.notes;
  j["problems"] = report.problems;
  write_text(dir + "/summary.json", j.dump(2) + "\n");

  std::string md = fmt::format("# facesr eval: {} ({} images)\n\n", report.source_dir, report.set->images.size());
  for (metrics::Protocol p : report.protocols) {
    const auto& info = metrics::protocol_info(p);
    md += fmt::format("- `{}`: {}\n", info.name, info.description);
  }
  for (const auto& note : report.notes) md += "- " + note + "\n";
  md += "\n" + markdown_table(report);
  if (!report.problems.empty()) {
    md += "\nSkipped:\n\n";
    for (const auto& p : report.problems) md += "- " + p + "\n";
  }
  write_text(dir + "/summary.md", md);
  if (!grid.empty()) write_rgb8(dir + "/grid.png", grid);
}

void write_images(const EvalSet& set, const std::vector<MethodOutput>& outputs, const std::string& dir) {
  auto write_all = [&](const std::string& folder, auto image_of) {
    make_output_folder(folder);
    for (size_t i = 0; i < set.images.size(); ++i) {
      const cv::Mat& image = image_of(i);
      if (!image.empty()) write_rgb8(folder + "/" + set.images[i].name + ".png", image);
    }
  };
  write_all(dir + "/input", [&](size_t i) -> const cv::Mat& { return set.images[i].lr; });
  for (const MethodOutput& out : outputs)
    if (out.seconds > 0) write_all(dir + "/" + out.method, [&](size_t i) -> const cv::Mat& { return out.sr[i]; });
}

}  // namespace facesr::evaluation
