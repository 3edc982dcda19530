// Checks for numeric options. CLI11's NonNegativeNumber and PositiveNumber
// answer `--threads abc` with a range ending in a 300-digit number; these say
// what was expected and what was given.
#pragma once

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdlib>
#include <string>

namespace facesr::cli {

inline CLI::Validator at_least(double min) {
  return CLI::Validator(
      [min](std::string& text) -> std::string {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0' || !std::isfinite(value))
          return fmt::format("expected a number of at least {}, got '{}'", min, text);
        if (value < min) return fmt::format("must be at least {}, got {}", min, text);
        return {};
      },
      min == 0 ? "NONNEGATIVE" : min == 1 ? "POSITIVE" : fmt::format(">={}", min));
}

inline const CLI::Validator kNonNegative = at_least(0);
inline const CLI::Validator kPositive = at_least(1);

}  // namespace facesr::cli
