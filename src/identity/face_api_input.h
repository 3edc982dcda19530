// The input face-api gives its face-recognition net (NetInput.toBatchTensor(150,
// true) and FaceRecognitionNet.forwardInput), so that descriptors match
// face-api's: pad to a square with black, centred (of an odd difference the
// extra row or column goes after the image), resize to 150x150 with
// TensorFlow's legacy bilinear (no align corners, no half-pixel centres:
// source = destination * in/out), subtract the RGB mean (122.782, 117.001,
// 104.298) and divide by 255. Colour order RGB.
#pragma once

#include <torch/torch.h>

namespace facesr {

// (N, 3, H, W) RGB in 0..255, any size → (N, 3, 150, 150) float32. The resize
// is computed in float64 and rounded to float32, as TF.js's cpu kernel does.
// Differentiable (pad, gathers and arithmetic only).
torch::Tensor face_api_input(const torch::Tensor& rgb255);

}  // namespace facesr
