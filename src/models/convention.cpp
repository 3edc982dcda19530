#include "models/convention.h"

#include <fmt/format.h>

#include "core/error.h"
#include "resample/pil_resize.h"

namespace facesr {

namespace {

torch::Tensor mean_tensor(const ImageConvention& c) {
  return torch::tensor({c.mean[0], c.mean[1], c.mean[2]}).reshape({1, 3, 1, 1});
}

bool has_mean(const ImageConvention& c) { return c.mean[0] != 0.f || c.mean[1] != 0.f || c.mean[2] != 0.f; }

}  // namespace

torch::Tensor faces_to_input(const std::vector<cv::Mat>& lr_faces, const ImageConvention& c) {
  std::vector<torch::Tensor> batch;
  batch.reserve(lr_faces.size());
  for (const cv::Mat& face : lr_faces) {
    if (face.rows != c.lr_size || face.cols != c.lr_size)
      throw Error(fmt::format("expected a {0}x{0} face, got {1}x{2}", c.lr_size, face.cols, face.rows));
    const cv::Mat net_in = c.input_size == c.lr_size ? face : pil_resize(face, {c.input_size, c.input_size});
    batch.push_back(image_to_tensor(net_in, c.range));
  }
  torch::Tensor x = torch::cat(batch, 0);
  if (c.bgr) x = x.flip(1);
  if (has_mean(c)) x = x - mean_tensor(c);
  return x;
}

std::vector<cv::Mat> output_to_faces(const torch::Tensor& output, const ImageConvention& c) {
  torch::Tensor y = output.detach().to(torch::kCPU, torch::kFloat32);
  if (has_mean(c)) y = y + mean_tensor(c);
  if (c.bgr) y = y.flip(1);
  std::vector<cv::Mat> faces;
  for (int64_t i = 0; i < y.size(0); ++i) faces.push_back(tensor_to_image(y[i], c.range, c.quantize));
  return faces;
}

}  // namespace facesr
