// The five points a face is aligned by: eye centres, nose tip and mouth
// corners, image-left first (the points RetinaFace gives and GFPGAN/facexlib
// align with).
#pragma once

#include <array>
#include <opencv2/core.hpp>

#include "landmarks/face_landmarks.h"

namespace facesr {

using FivePoints = std::array<cv::Point2f, 5>;

// From dlib's 68 landmarks: the centres of the eye contours (36-41 and
// 42-47), the nose tip (30) and the mouth corners (48, 54).
FivePoints five_points(const Landmarks& landmarks68);

}  // namespace facesr
