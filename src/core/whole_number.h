// A JSON value read as a whole number of a given type, or nothing. Floats
// count when they are whole and in range ("iterations": 1e4), so a recipe or
// a weights file's metadata can never make facesr cast an out-of-range float
// to an integer: undefined behaviour that nlohmann's get<int>() allows and
// fuzz/recipe_fuzzer found ("iterations": 1e300).
#pragma once

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <type_traits>

namespace facesr {

template <typename Int>
std::optional<Int> whole_number(const nlohmann::json& value) {
  static_assert(std::is_integral_v<Int> && !std::is_same_v<Int, bool>);
  using limits = std::numeric_limits<Int>;
  if (value.is_number_unsigned()) {
    const uint64_t u = value.get<uint64_t>();
    if (u > static_cast<uint64_t>(limits::max())) return std::nullopt;
    return static_cast<Int>(u);
  }
  if (value.is_number_integer()) {
    const int64_t i = value.get<int64_t>();
    if constexpr (std::is_unsigned_v<Int>) {
      if (i < 0 || static_cast<uint64_t>(i) > limits::max()) return std::nullopt;
    } else {
      if (i < limits::min() || i > limits::max()) return std::nullopt;
    }
    return static_cast<Int>(i);
  }
  if (value.is_number_float()) {
    const double d = value.get<double>();
    // limits::min() is 0 or -2^digits, exact in a double; 2^digits is the first value past max().
    if (!std::isfinite(d) || d != std::floor(d) || d < static_cast<double>(limits::min()) ||
        d >= std::ldexp(1.0, limits::digits))
      return std::nullopt;
    return static_cast<Int>(d);
  }
  return std::nullopt;
}

}  // namespace facesr
