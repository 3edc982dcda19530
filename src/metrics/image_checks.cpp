#include "metrics/image_checks.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"

namespace facesr::metrics {

std::string describe(const cv::Mat& image) {
  if (image.empty()) return "an empty image";
  if (image.dims != 2) return fmt::format("a {}-dimensional array", image.dims);
  return fmt::format("{}x{} {}", image.rows, image.cols, cv::typeToString(image.type()));
}

void require_image(const cv::Mat& image, std::initializer_list<int> types, const std::string& what) {
  if (!image.empty() && image.dims == 2 && std::find(types.begin(), types.end(), image.type()) != types.end()) return;
  std::string allowed;
  for (int type : types) allowed += (allowed.empty() ? "" : " or ") + cv::typeToString(type);
  throw Error(fmt::format("{}: expected a non-empty {} image, got {}; convert with cv::cvtColor / convertTo first",
                          what, allowed, describe(image)));
}

void require_matching_pair(const cv::Mat& a, const cv::Mat& b, std::initializer_list<int> types,
                           const std::string& what) {
  require_image(a, types, what);
  require_image(b, types, what);
  if (a.size() != b.size() || a.type() != b.type()) {
    throw Error(fmt::format("{}: images differ ({} vs {}); compare an SR image with the HR image of the same face",
                            what, describe(a), describe(b)));
  }
}

void require_min_side(const cv::Mat& image, int min_side, const std::string& what) {
  if (image.rows < min_side || image.cols < min_side) {
    throw Error(fmt::format("{}: image is {}, smaller than the {}x{} minimum; use larger images", what,
                            describe(image), min_side, min_side));
  }
}

}  // namespace facesr::metrics
