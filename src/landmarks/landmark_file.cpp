#include "landmarks/landmark_file.h"

#include <fstream>
#include <sstream>

#include "core/error.h"

namespace facesr {

Landmarks read_landmark_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot open landmark file");
  Landmarks points;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::istringstream fields(line);
    float x = 0, y = 0;
    if (!(fields >> x >> y)) throw Error(path + ": line " + std::to_string(n) + " is not 'x y'");
    points.emplace_back(x, y);
  }
  if (points.size() != 68)
    throw Error(path + ": has " + std::to_string(points.size()) + " points; expected 68 (iBUG 300-W order)");
  return points;
}

}  // namespace facesr
