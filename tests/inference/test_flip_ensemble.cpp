// The flip self-ensemble averages the network's result for a face with the
// mirrored-back result for its mirror image: checked on both bundled models
// (the x8 default and the restorer) with real UTKFace faces.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include "inference/face_upscaler.h"
#include "inference/model_choice.h"
#include "resample/pil_resize.h"
#include "utkface_faces.h"

namespace facesr::test {
namespace {

const torch::Device kCpu(torch::kCPU);

cv::Mat mirrored(const cv::Mat& image) {
  cv::Mat out;
  cv::flip(image, out, 1);
  return out;
}

double largest_difference(const cv::Mat& a, const cv::Mat& b) { return cv::norm(a, b, cv::NORM_INF); }

// UTKFace faces at the model's input size.
std::vector<cv::Mat> faces_for(const FaceUpscaler& model, size_t count) {
  const int size = model.spec().convention.lr_size;
  std::vector<cv::Mat> faces;
  for (size_t i = 0; i < count; ++i) faces.push_back(pil_resize(utkface_face(60 + i), {size, size}));
  return faces;
}

void expect_mirror_average(const std::string& weights) {
  FaceUpscaler model(choose_model("", weights), kCpu);
  const std::vector<cv::Mat> faces = faces_for(model, 3);
  std::vector<cv::Mat> faces_mirrored;
  for (const cv::Mat& f : faces) faces_mirrored.push_back(mirrored(f));
  const std::vector<cv::Mat> direct = model.upscale(faces), of_mirror = model.upscale(faces_mirrored);
  model.set_flip_ensemble(true);
  const std::vector<cv::Mat> ensemble = model.upscale(faces), ensemble_of_mirror = model.upscale(faces_mirrored);

  double plain_asymmetry = 0;
  for (size_t i = 0; i < faces.size(); ++i) {
    // The average of the two results, to the rounding of each to 8 bits, where
    // neither pass is clipped: the ensemble averages the raw outputs and clips
    // after, so where one pass went past 0 or 255 it can differ by more.
    const cv::Mat other = mirrored(of_mirror[i]);
    cv::Mat average, clipped;
    cv::addWeighted(direct[i], 0.5, other, 0.5, 0, average, CV_8UC3);
    cv::bitwise_or((direct[i] == 0) | (direct[i] == 255), (other == 0) | (other == 255), clipped);
    cv::Mat difference;
    cv::absdiff(ensemble[i], average, difference);
    difference.setTo(0, clipped);
    EXPECT_LE(cv::norm(difference, cv::NORM_INF), 1.0) << weights << " face " << i;
    // With the ensemble, a mirrored face comes out as the exact mirror image.
    EXPECT_EQ(largest_difference(mirrored(ensemble_of_mirror[i]), ensemble[i]), 0.0) << weights << " face " << i;
    plain_asymmetry = std::max(plain_asymmetry, largest_difference(mirrored(of_mirror[i]), direct[i]));
  }
  // Without it the network alone is not symmetric, so the checks above are not trivially met.
  EXPECT_GE(plain_asymmetry, 2.0) << weights;
}

TEST(FlipEnsemble, TheDefaultModelAveragesAFaceWithItsMirrorImage) { expect_mirror_average(bundled_default_weights()); }

TEST(FlipEnsemble, TheRestorerAveragesAFaceWithItsMirrorImage) { expect_mirror_average(bundled_restorer_weights()); }

}  // namespace
}  // namespace facesr::test
