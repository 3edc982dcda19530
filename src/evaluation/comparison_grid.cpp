#include "evaluation/comparison_grid.h"

#include <opencv2/imgproc.hpp>

namespace facesr::evaluation {

namespace {

constexpr int kLabelHeight = 22;

void put_label(cv::Mat& canvas, const std::string& text, int x, int width) {
  double scale = 0.45;
  int baseline = 0;
  cv::Size size = cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, scale, 1, &baseline);
  while (size.width > width - 4 && scale > 0.2) {
    scale -= 0.05;
    size = cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, scale, 1, &baseline);
  }
  cv::putText(canvas, text, {x + (width - size.width) / 2, kLabelHeight - 7}, cv::FONT_HERSHEY_SIMPLEX, scale,
              cv::Scalar(255, 255, 255), 1, cv::LINE_AA);
}

}  // namespace

cv::Mat comparison_grid(const EvalSet& set, const std::vector<MethodOutput>& methods, int rows) {
  const int n = std::min<int>(rows, static_cast<int>(set.images.size()));
  // Real-LR sets have no HR: size the tiles by the first method's output.
  const int tile = !set.images.front().hr.empty() ? set.images.front().hr.rows : methods.front().sr.front().rows;
  const int cols = static_cast<int>(methods.size()) + 2;
  cv::Mat canvas(kLabelHeight + n * tile, cols * tile, CV_8UC3, cv::Scalar(32, 32, 32));

  std::vector<std::string> labels = {"LR"};
  for (const MethodOutput& m : methods) labels.push_back(m.method);
  labels.push_back("HR");
  for (int c = 0; c < cols; ++c) put_label(canvas, labels[c], c * tile, tile);

  for (int r = 0; r < n; ++r) {
    const EvalImage& img = set.images[r];
    std::vector<cv::Mat> tiles;
    cv::Mat lr_big;
    cv::resize(img.lr, lr_big, {tile, tile}, 0, 0, cv::INTER_NEAREST);  // show the pixels the model saw
    tiles.push_back(lr_big);
    for (const MethodOutput& m : methods) tiles.push_back(m.sr[r]);
    tiles.push_back(img.hr);
    for (int c = 0; c < cols; ++c)
      if (!tiles[c].empty()) tiles[c].copyTo(canvas(cv::Rect(c * tile, kLabelHeight + r * tile, tile, tile)));
  }
  return canvas;
}

}  // namespace facesr::evaluation
