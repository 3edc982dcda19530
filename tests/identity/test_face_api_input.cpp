// face-api's preprocessing: centred black padding (the odd extra column or
// row last) and TensorFlow's legacy bilinear resize (source = destination *
// in/out, no half-pixel centres), then (x - mean) / 255.
#include <gtest/gtest.h>

#include "identity/face_api_input.h"

using facesr::face_api_input;

namespace {

const float kMean[3] = {122.782f, 117.001f, 104.298f};

float normalised(float v, int channel) { return (v - kMean[channel]) / 255.0f; }

}  // namespace

TEST(IdentityFaceApiInput, ResizesWithoutHalfPixelCentres) {
  // 2x2: [[0, 100], [200, 250]] in every channel.
  const auto x = torch::tensor({0.f, 100.f, 200.f, 250.f}).view({1, 1, 2, 2}).expand({1, 3, 2, 2}).contiguous();
  const auto y = face_api_input(x);
  ASSERT_EQ(y.sizes(), (std::vector<int64_t>{1, 3, 150, 150}));
  for (int c = 0; c < 3; ++c) {
    EXPECT_FLOAT_EQ(y[0][c][0][0].item<float>(), normalised(0, c));
    // Column 37 samples 37 * 2/150 = 0.4933 of the way to the right neighbour.
    EXPECT_FLOAT_EQ(y[0][c][0][37].item<float>(), normalised(static_cast<float>(100.0 * (37.0 * 2 / 150)), c));
    // From column 75 on the source is column 1 itself (clamped, never blended past it).
    EXPECT_FLOAT_EQ(y[0][c][0][75].item<float>(), normalised(100, c));
    EXPECT_FLOAT_EQ(y[0][c][149][149].item<float>(), normalised(250, c));
  }
}

TEST(IdentityFaceApiInput, PadsToASquareWithTheOddExtraLast) {
  // 3 rows, 2 columns: one black column is added, after the image.
  const auto tall = torch::full({1, 3, 3, 2}, 90.f);
  const auto y = face_api_input(tall);
  EXPECT_FLOAT_EQ(y[0][0][0][0].item<float>(), normalised(90, 0));
  EXPECT_FLOAT_EQ(y[0][0][0][149].item<float>(), normalised(0, 0));
  // 1 row, 4 columns: three black rows, one before and two after.
  const auto wide = torch::full({1, 3, 1, 4}, 90.f);
  const auto z = face_api_input(wide);
  EXPECT_FLOAT_EQ(z[0][1][0][0].item<float>(), normalised(0, 1));
  // Row 38 samples source row 38 * 4/150 = 1.013: the image, 1.3% of the way into the black below it.
  EXPECT_FLOAT_EQ(z[0][1][38][0].item<float>(), normalised(static_cast<float>(90.0 - 90.0 * (4.0 / 150 * 38 - 1)), 1));
  EXPECT_FLOAT_EQ(z[0][1][149][0].item<float>(), normalised(0, 1));
}
