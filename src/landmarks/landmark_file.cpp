#include "landmarks/landmark_file.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace facesr {

Landmarks read_landmark_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot open landmark file");
  // 68 lines of two numbers take a few KB; anything near a megabyte is not one.
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(path, ec);
  if (!ec && bytes > (1u << 20))
    throw Error(path + ": is " + std::to_string(bytes) + " bytes; a 68-point landmark file is a few KB (68 lines 'x y')");
  Landmarks points;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::istringstream fields(line);
    float x = 0, y = 0;
    if (!(fields >> x >> y)) throw Error(path + ": line " + std::to_string(n) + " is not 'x y'");
    points.emplace_back(x, y);
    // Stop reading at once: a huge file is not a landmark file.
    if (points.size() > 68) throw Error(path + ": has more than 68 points; expected 68 (iBUG 300-W order)");
  }
  if (points.size() != 68)
    throw Error(path + ": has " + std::to_string(points.size()) + " points; expected 68 (iBUG 300-W order)");
  return points;
}

}  // namespace facesr
