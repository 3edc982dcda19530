#include "training/training_curves.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <opencv2/imgproc.hpp>

#include "core/error.h"
#include "io/atomic_file.h"

namespace facesr::training {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr size_t kMaxLossPoints = 200;
constexpr double kLongestGapSeconds = 600;  // longer gaps between records are pauses, not training

double number_or_nan(const json& record, const char* key) {
  const auto it = record.find(key);
  return it != record.end() && it->is_number() ? it->get<double>() : kNaN;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

}  // namespace

CurveLeg read_run_leg(const std::string& run_dir) {
  const fs::path log = fs::path(run_dir) / "log.jsonl";
  std::ifstream in(log);
  if (!in) throw Error(fmt::format("{}: no training log; pass a run folder written by `facesr train`", log.string()));
  CurveLeg leg;
  leg.name = fs::path(run_dir).filename().string();
  bool started = false;
  std::vector<double> rates, times;
  std::vector<std::array<double, 2>> loss;
  double estimated_seconds = 0;
  int64_t previous_train_step = -1;
  for (std::string line; std::getline(in, line);) {
    const json record = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!record.is_object() || !record.contains("step")) continue;  // a line torn by a kill
    const int64_t step = record["step"].get<int64_t>();
    const std::string kind = record.value("kind", "");
    if (record.contains("time")) times.push_back(record["time"].get<double>());
    if (kind == "note" && (record.value("event", "") == "start" || record.value("event", "") == "resume")) {
      if (!started) {
        leg.first_step = step;
        if (record.contains("recipe")) {
          leg.settings = record["recipe"];
          leg.recipe = leg.settings.value("name", "");
          leg.batch_size = leg.settings.value("batch_size", 0);
        }
        started = true;
      }
      // A resumed run repeats the steps after its checkpoint: keep the later record of each.
      const auto after = [step](const auto& point) { return point[0] > step; };
      leg.val.erase(std::remove_if(leg.val.begin(), leg.val.end(), after), leg.val.end());
      loss.erase(std::remove_if(loss.begin(), loss.end(), after), loss.end());
      previous_train_step = step;
    } else if (kind == "train") {
      const double rate = number_or_nan(record, "images_per_second");
      const double value = record.contains("loss") ? number_or_nan(record, "loss") : number_or_nan(record, "l1");
      loss.push_back({static_cast<double>(step), value});
      if (std::isfinite(rate) && rate > 0) {
        rates.push_back(rate);
        if (previous_train_step >= 0 && leg.batch_size > 0)
          estimated_seconds += static_cast<double>(step - previous_train_step) * leg.batch_size / rate;
      }
      previous_train_step = step;
    } else if (kind == "val") {
      leg.val.push_back({static_cast<double>(step), number_or_nan(record, "val_psnr"),
                         number_or_nan(record, "val_bicubic_psnr")});
    }
    leg.last_step = std::max(leg.last_step, step);
  }
  if (!started || leg.batch_size <= 0)
    throw Error(fmt::format("{}: no start record with a recipe; is it a `facesr train` log?", log.string()));
  leg.images_per_second = median(rates);
  if (times.size() > 1) {
    for (size_t i = 1; i < times.size(); ++i) {
      const double gap = times[i] - times[i - 1];
      if (gap > 0 && gap < kLongestGapSeconds) leg.minutes += gap / 60;
    }
  } else {
    leg.minutes = estimated_seconds / 60;  // logs written before records had times
  }
  const size_t stride = std::max<size_t>(1, (loss.size() + kMaxLossPoints - 1) / kMaxLossPoints);
  for (size_t i = 0; i < loss.size(); i += stride) leg.loss.push_back(loss[i]);
  return leg;
}

json leg_to_json(const CurveLeg& leg) {
  const auto finite_or_null = [](double v) { return std::isfinite(v) ? json(std::round(v * 1e4) / 1e4) : json(); };
  json val = json::array(), loss = json::array();
  for (const auto& v : leg.val) val.push_back({v[0], finite_or_null(v[1]), finite_or_null(v[2])});
  for (const auto& l : leg.loss) loss.push_back({l[0], finite_or_null(l[1])});
  return {{"name", leg.name},
          {"note", leg.note},
          {"recipe", leg.recipe},
          {"settings", leg.settings},
          {"batch_size", leg.batch_size},
          {"first_step", leg.first_step},
          {"last_step", leg.last_step},
          {"samples", leg.samples()},
          {"minutes", std::round(leg.minutes * 10) / 10},
          {"images_per_second", std::round(leg.images_per_second * 100) / 100},
          {"val", val},
          {"loss", loss}};
}

CurveLeg leg_from_json(const json& j) {
  try {
    CurveLeg leg;
    leg.name = j.at("name").get<std::string>();
    leg.note = j.value("note", "");
    leg.recipe = j.value("recipe", "");
    leg.settings = j.value("settings", json::object());
    leg.batch_size = j.at("batch_size").get<int>();
    leg.first_step = j.at("first_step").get<int64_t>();
    leg.last_step = j.at("last_step").get<int64_t>();
    leg.minutes = j.value("minutes", 0.0);
    leg.images_per_second = j.value("images_per_second", 0.0);
    const auto number = [](const json& v) { return v.is_number() ? v.get<double>() : kNaN; };
    for (const json& v : j.value("val", json::array())) leg.val.push_back({number(v.at(0)), number(v.at(1)), number(v.at(2))});
    for (const json& l : j.value("loss", json::array())) leg.loss.push_back({number(l.at(0)), number(l.at(1))});
    return leg;
  } catch (const json::exception& e) {
    throw Error(fmt::format("a training-curves leg is malformed ({})", e.what()));
  }
}

std::vector<CurveLeg> read_curves_summary(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(fmt::format("{}: cannot read the curves summary", path));
  const json summary = json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!summary.is_object() || !summary.contains("legs") || !summary["legs"].is_array())
    throw Error(fmt::format("{}: not a curves summary (no \"legs\" array)", path));
  std::vector<CurveLeg> legs;
  for (const json& leg : summary["legs"]) legs.push_back(leg_from_json(leg));
  return legs;
}

void write_curves_summary(const std::string& path, const std::string& title, const std::vector<CurveLeg>& legs) {
  json summary{{"title", title}, {"legs", json::array()}};
  double minutes = 0;
  int64_t samples = 0;
  for (const CurveLeg& leg : legs) {
    summary["legs"].push_back(leg_to_json(leg));
    minutes += leg.minutes;
    samples += leg.samples();
  }
  summary["total"] = {{"samples", samples}, {"minutes", std::round(minutes * 10) / 10}};
  write_file_atomic(path, [&](std::ostream& out) { out << summary.dump(1) << '\n'; });
}

cv::Mat plot_curves(const std::string& title, const std::vector<CurveLeg>& legs) {
  const cv::Size size(960, 540);
  const int left = 80, right = 30, top = 50, bottom = 60;
  cv::Mat canvas(size, CV_8UC3, cv::Scalar::all(255));
  std::vector<int64_t> offsets;
  int64_t total = 0;
  double lo = 1e9, hi = -1e9;
  for (const CurveLeg& leg : legs) {
    offsets.push_back(total);
    total += leg.samples();
    for (const auto& v : leg.val)
      for (const double y : {v[1], v[2]})
        if (std::isfinite(y)) lo = std::min(lo, y), hi = std::max(hi, y);
  }
  if (total <= 0 || lo > hi) throw Error("training curves: no validation points to plot");
  lo = std::floor(lo - 0.25), hi = std::ceil(hi + 0.25);
  const double x_max = total / 1000.0;
  const auto to_px = [&](double thousands, double psnr) {
    return cv::Point(left + static_cast<int>((size.width - left - right) * thousands / x_max),
                     size.height - bottom - static_cast<int>((size.height - top - bottom) * (psnr - lo) / (hi - lo)));
  };
  const cv::Scalar ink(40, 40, 40), grid(225, 225, 225);
  const auto text = [&](const std::string& s, cv::Point at, double scale = 0.45) {
    cv::putText(canvas, s, at, cv::FONT_HERSHEY_SIMPLEX, scale, ink, 1, cv::LINE_AA);
  };
  for (double y = lo; y <= hi + 1e-9; y += 0.5) {
    cv::line(canvas, to_px(0, y), to_px(x_max, y), grid);
    if (std::fmod(y, 1.0) == 0) text(fmt::format("{:.0f}", y), to_px(0, y) + cv::Point(-30, 5));
  }
  const double x_step = std::pow(10.0, std::floor(std::log10(std::max(x_max, 1.0) / 2)));
  for (double x = 0; x <= x_max + 1e-9; x += x_step) {
    cv::line(canvas, to_px(x, lo), to_px(x, hi), grid);
    text(fmt::format("{:g}", x), to_px(x, lo) + cv::Point(-10, 20));
  }
  cv::rectangle(canvas, to_px(0, hi), to_px(x_max, lo), ink);
  text(title, {left, 22}, 0.6);  // above the axis label, not across it
  text("thousands of training samples seen", {size.width / 2 - 120, size.height - 15});
  text("val PSNR (dB)", {5, top - 10});
  std::vector<std::pair<std::string, cv::Scalar>> keys;  // legend: label and colour per leg, then the baseline
  std::vector<cv::Point> drawn;                           // points on the curves
  // matplotlib's tab10 colours but gray (the baseline's): nine legs before one repeats.
  const cv::Scalar palette[] = {{31, 119, 180}, {214, 39, 40}, {44, 160, 44}, {148, 103, 189}, {255, 127, 14},
                                {140, 86, 75},  {227, 119, 194}, {188, 189, 34}, {23, 190, 207}};
  for (size_t l = 0; l < legs.size(); ++l) {
    const CurveLeg& leg = legs[l];
    const cv::Scalar rgb = palette[l % std::size(palette)];  // the canvas is RGB
    const auto x_of = [&](double step) { return (offsets[l] + (step - leg.first_step) * leg.batch_size) / 1000.0; };
    std::vector<cv::Point> model;
    for (const auto& v : leg.val) {
      if (std::isfinite(v[1])) model.push_back(to_px(x_of(v[0]), v[1]));
      if (std::isfinite(v[2])) {  // the baseline: a short dashed mark per validation
        const cv::Point p = to_px(x_of(v[0]), v[2]);
        cv::line(canvas, p - cv::Point(4, 0), p + cv::Point(4, 0), cv::Scalar::all(140), 1);
        drawn.push_back(p);
      }
    }
    cv::polylines(canvas, model, false, rgb, 2, cv::LINE_AA);
    for (size_t i = 0; i + 1 < model.size(); ++i) {  // every pixel the curve runs through
      cv::LineIterator it(canvas, model[i], model[i + 1], 8);
      for (int n = 0; n < it.count; ++n, ++it) drawn.push_back(it.pos());
    }
    drawn.insert(drawn.end(), model.begin(), model.end());
    for (const cv::Point& p : model) cv::circle(canvas, p, 3, rgb, cv::FILLED, cv::LINE_AA);
    if (l > 0) cv::line(canvas, to_px(x_of(leg.first_step), lo), to_px(x_of(leg.first_step), hi), cv::Scalar::all(170));
    const std::string last = leg.val.empty() || !std::isfinite(leg.val.back()[1])
                                 ? std::string("-")
                                 : fmt::format("{:.2f} dB", leg.val.back()[1]);
    keys.push_back({fmt::format("{} ({}, {:.0f} min, {:.1f} img/s): {}", leg.name, leg.recipe, leg.minutes,
                                leg.images_per_second, last),
                    rgb});
  }
  keys.push_back({"baseline (bicubic, or the degraded input)", cv::Scalar::all(140)});
  // The legend on a pale panel in the plot's corner that hides the fewest curve points, drawn last so
  // that no curve crosses its text.
  int widest = 0;
  for (const auto& [label, colour] : keys)
    widest = std::max(widest, cv::getTextSize(label, cv::FONT_HERSHEY_SIMPLEX, 0.45, 1, nullptr).width);
  const cv::Size panel_size(28 + widest + 18, 20 * static_cast<int>(keys.size()) + 8);
  const cv::Rect area(to_px(0, hi), to_px(x_max, lo));
  cv::Rect panel;
  size_t fewest = std::numeric_limits<size_t>::max();
  for (const cv::Point corner : {area.tl() + cv::Point(6, 4), cv::Point(area.br().x - panel_size.width - 6, area.y + 4),
                                 cv::Point(area.x + 6, area.br().y - panel_size.height - 4),
                                 area.br() - cv::Point(panel_size.width + 6, panel_size.height + 4)}) {
    const cv::Rect candidate = cv::Rect(corner, panel_size) & cv::Rect({0, 0}, size);
    const size_t hidden = std::count_if(drawn.begin(), drawn.end(), [&](const cv::Point& p) { return candidate.contains(p); });
    if (hidden < fewest) fewest = hidden, panel = candidate;
  }
  cv::Mat under = canvas(panel);
  cv::addWeighted(under, 0.2, cv::Mat(under.size(), under.type(), cv::Scalar::all(255)), 0.8, 0, under);
  cv::rectangle(canvas, panel, cv::Scalar::all(200));
  for (size_t k = 0; k < keys.size(); ++k) {
    const cv::Point key(panel.x + 9, panel.y + 16 + 20 * static_cast<int>(k));
    const bool baseline = k + 1 == keys.size();  // a short grey dash, as its marks are
    cv::line(canvas, key + cv::Point(baseline ? 6 : 0, -4), key + cv::Point(baseline ? 14 : 20, -4), keys[k].second,
             baseline ? 1 : 2);
    text(keys[k].first, key + cv::Point(28, 0));
  }
  return canvas;
}

}  // namespace facesr::training
