// The canonical frames faces are aligned to.
#include <gtest/gtest.h>

#include "landmarks/face_landmarks.h"
#include "photo/face_template.h"
#include "synthetic_photo.h"

using namespace facesr;

TEST(FaceTemplate, SmallModelsUseTheMeanFramingOfUtkFaceFaces) {
  // The template was derived on the training split; the validation split must agree.
  const LandmarkPredictor predictor;
  const std::vector<std::string> files = test::utkface_validation();
  FivePoints sum{};
  int n = 0;
  for (size_t i = 0; i < files.size(); i += 10) {
    const std::vector<DetectedFace> faces = predictor.detect_faces(read_rgb8(files[i]), 0);
    if (faces.empty()) continue;
    const FivePoints p = five_points(faces[0].landmarks);
    for (size_t k = 0; k < p.size(); ++k) sum[k] += p[k];
    ++n;
  }
  ASSERT_GT(n, 90);
  const FivePoints at200 = face_template(200, Framing::UtkFace);
  for (size_t k = 0; k < sum.size(); ++k) EXPECT_LT(cv::norm(sum[k] / n - at200[k]), 2.0) << "point " << k;
}

TEST(FaceTemplate, ScalesWithTheFrameAndLargeModelsFrameAsFfhq) {
  EXPECT_EQ(model_framing(128), Framing::UtkFace);
  EXPECT_EQ(model_framing(64), Framing::UtkFace);
  EXPECT_EQ(model_framing(512), Framing::Ffhq);
  const FivePoints t64 = face_template(64, Framing::UtkFace), t128 = face_template(128, Framing::UtkFace),
                   t512 = face_template(512, Framing::Ffhq), t1024 = face_template(1024, Framing::Ffhq),
                   utk512 = face_template(512, Framing::UtkFace);
  for (size_t k = 0; k < t128.size(); ++k) {
    // Pixel centres stay aligned: (p + 0.5) scales with the frame, in either framing.
    EXPECT_NEAR((t128[k].x + 0.5f) / 2, t64[k].x + 0.5f, 1e-4);
    EXPECT_NEAR((t1024[k].y + 0.5f) / 2, t512[k].y + 0.5f, 1e-4);
    EXPECT_NEAR((utk512[k].x + 0.5f) / 4, t128[k].x + 0.5f, 1e-4);
  }
  // FFHQ frames show more around the face: its eyes are closer together, relative to the frame.
  const auto eye_span = [](const FivePoints& t, int size) { return (t[1].x - t[0].x) / size; };
  EXPECT_LT(eye_span(t512, 512), 0.8 * eye_span(t128, 128));
  EXPECT_LT(eye_span(t512, 512), 0.8 * eye_span(utk512, 512));
}
