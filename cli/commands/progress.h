// A progress line on stderr for long runs: redrawn in place on a terminal,
// a line every 10% otherwise (logs, CI).
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>

#include <fmt/format.h>

namespace facesr::cli {

class Progress {
 public:
  // `already_done` items count towards the total but not the rate (a resumed run).
  Progress(std::string label, size_t total, size_t already_done = 0)
      : label_(std::move(label)), total_(total), done_(already_done), done_before_(already_done),
        tty_(::isatty(STDERR_FILENO) != 0), start_(std::chrono::steady_clock::now()) {}

  void advance(size_t n) {
    done_ += n;
    draw();
  }
  // Replaces the images/s figure (e.g. losses and the trainer's own rate).
  void set_detail(std::string detail) { detail_ = std::move(detail); }
  // A message that must not be overwritten by the bar.
  void note(const std::string& message) {
    if (tty_) fmt::print(stderr, "\r\033[K");
    fmt::print(stderr, "{}\n", message);
    if (tty_) draw();
  }
  void finish() {
    if (tty_ && total_ > 1) fmt::print(stderr, "\n");
  }

 private:
  void draw() {
    if (total_ <= 1) return;  // a single item needs no progress line
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double rate = secs > 0 ? (done_ - done_before_) / secs : 0.0;
    const int pct = static_cast<int>(100 * done_ / total_);
    const std::string rate_text = detail_.empty() ? fmt::format("{:.1f} images/s", rate) : detail_;
    const std::string text = fmt::format("{}: {}/{} ({}%), {}", label_, done_, total_, pct, rate_text);
    if (tty_) {
      const int width = 30;
      const int filled = width * pct / 100;
      fmt::print(stderr, "\r\033[K[{}{}] {}", std::string(filled, '#'), std::string(width - filled, '.'), text);
    } else if (pct / 10 != last_decile_ || done_ == total_) {
      last_decile_ = pct / 10;
      fmt::print(stderr, "{}\n", text);
    }
  }

  std::string label_;
  std::string detail_;
  size_t total_;
  size_t done_;
  size_t done_before_;
  bool tty_;
  int last_decile_ = -1;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace facesr::cli
