#include "photo/face_template.h"

#include "core/error.h"

namespace facesr {

namespace {

// facexlib's standard 5 landmarks of FFHQ faces at 512 x 512, as GFPGAN aligns.
constexpr float kFfhqSize = 512;
constexpr float kFfhq[5][2] = {{192.98138f, 239.94708f}, {318.90277f, 240.19360f}, {256.63416f, 314.01935f},
                               {201.26117f, 371.41043f}, {313.08905f, 371.15118f}};

// UTKFace at 200 x 200: the mean five points (five_points() of dlib's 68
// landmarks) over the 22,337 training-split faces (sorted index < 22,707)
// where dlib's HOG detector finds a face (of 22,707), detected and predicted
// on the 200 x 200 JPEG as stored. Per-face spread (std): eyes about 3.5 px,
// nose and mouth about 6-7 px. Checked against the validation split by
// tests/photo/test_face_template.cpp.
constexpr float kUtkSize = 200;
constexpr float kUtk[5][2] = {{59.43f, 59.74f}, {136.87f, 59.84f}, {97.85f, 101.88f}, {62.97f, 138.39f},
                              {133.56f, 138.42f}};

FivePoints scaled(const float (&points)[5][2], float from, int to) {
  const float f = static_cast<float>(to) / from;
  FivePoints out;
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = {(points[i][0] + 0.5f) * f - 0.5f, (points[i][1] + 0.5f) * f - 0.5f};
  return out;
}

}  // namespace

Framing model_framing(int model_output_size) { return model_output_size >= 512 ? Framing::Ffhq : Framing::UtkFace; }

FivePoints face_template(int size, Framing framing) {
  if (size < 1) throw Error("face template: the frame size must be positive");
  return framing == Framing::Ffhq ? scaled(kFfhq, kFfhqSize, size) : scaled(kUtk, kUtkSize, size);
}

}  // namespace facesr
