// 68-point landmark files: 68 finite points or one facesr::Error.
#include <cmath>

#include "core/error.h"
#include "fuzz_input_file.h"
#include "landmarks/landmark_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = facesr::fuzz::write_input_file(data, size, ".txt");
  try {
    const facesr::Landmarks points = facesr::read_landmark_file(path);
    if (points.size() != 68) __builtin_trap();
    for (const auto& p : points)
      if (!std::isfinite(p.x) || !std::isfinite(p.y)) __builtin_trap();
  } catch (const facesr::Error&) {
  }
  return 0;
}
