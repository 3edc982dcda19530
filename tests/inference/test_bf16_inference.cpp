// bf16 convolutions on the bundled models with real UTKFace faces: the faces
// come out within a level or two of float32's, not identical (the bf16 path
// ran), and switching back gives float32's result exactly.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include "inference/face_upscaler.h"
#include "inference/model_choice.h"
#include "onednn/conv.h"
#include "resample/pil_resize.h"
#include "utkface_faces.h"

namespace facesr::test {
namespace {

void expect_close_to_float32(const std::string& weights) {
  if (!cpu_has_bf16()) GTEST_SKIP() << "this CPU has no AVX512_BF16";
  FaceUpscaler model(choose_model("", weights), torch::Device(torch::kCPU));
  const int size = model.spec().convention.lr_size;
  std::vector<cv::Mat> faces;
  for (int i = 0; i < 4; ++i) faces.push_back(pil_resize(utkface_face(80 + i), {size, size}));
  const std::vector<cv::Mat> float32 = model.upscale(faces);
  model.set_bf16(true);
  const std::vector<cv::Mat> bf16 = model.upscale(faces);
  model.set_bf16(false);
  const std::vector<cv::Mat> again = model.upscale(faces);
  double largest = 0;
  for (size_t i = 0; i < faces.size(); ++i) {
    EXPECT_GE(cv::PSNR(bf16[i], float32[i]), 45.0) << weights << " face " << i;
    largest = std::max(largest, cv::norm(bf16[i], float32[i], cv::NORM_INF));
    EXPECT_EQ(cv::norm(again[i], float32[i], cv::NORM_INF), 0.0) << weights << " face " << i;
  }
  EXPECT_GE(largest, 1.0) << weights;  // the bf16 kernels ran
}

TEST(Bf16Inference, TheDefaultModelStaysCloseToFloat32) { expect_close_to_float32(bundled_default_weights()); }

TEST(Bf16Inference, TheRestorerStaysCloseToFloat32) { expect_close_to_float32(bundled_restorer_weights()); }

}  // namespace
}  // namespace facesr::test
