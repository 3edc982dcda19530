#include "photo/restored_photo.h"

#include <opencv2/imgproc.hpp>

#include "core/error.h"
#include "photo/paste_back.h"

namespace facesr {

cv::Mat upscale_background(const cv::Mat& photo, int upscale) {
  if (upscale < 1) throw Error("--upscale must be at least 1");
  if (upscale == 1) return photo.clone();
  cv::Mat big;
  cv::resize(photo, big, {}, upscale, upscale, cv::INTER_LANCZOS4);
  return big;
}

bool looks_grayscale(const cv::Mat& rgb) {
  std::vector<cv::Mat> c;
  cv::split(rgb, c);
  cv::Mat rg, gb;
  cv::absdiff(c[0], c[1], rg);
  cv::absdiff(c[1], c[2], gb);
  return cv::mean(rg)[0] < 2 && cv::mean(gb)[0] < 2;
}

cv::Mat restored_photo(const cv::Mat& photo, const std::vector<PhotoFace>& faces, const std::vector<cv::Mat>& restored,
                       int upscale) {
  if (faces.size() != restored.size()) throw Error("restored photo: one restored face is needed per face found");
  cv::Mat canvas = upscale_background(photo, upscale);
  const bool gray = !faces.empty() && looks_grayscale(photo);
  for (size_t i = 0; i < faces.size(); ++i) {
    cv::Mat face = restored[i];
    if (face.empty()) continue;
    if (face.rows != face.cols) throw Error("restored photo: a restored face must be square");
    if (gray) {
      cv::Mat luma;
      cv::cvtColor(face, luma, cv::COLOR_RGB2GRAY);
      cv::cvtColor(luma, face, cv::COLOR_GRAY2RGB);
    }
    const double model_scale = static_cast<double>(face.cols) / faces[i].crop.cols;
    paste_face(canvas, face, crop_to_canvas(scaled_frame(faces[i].to_crop, model_scale), upscale));
  }
  return canvas;
}

}  // namespace facesr
