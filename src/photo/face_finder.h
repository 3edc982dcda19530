// Faces in a whole photo: found by dlib, aligned to a model's template and
// cropped at the model's output size.
#pragma once

#include <opencv2/core.hpp>
#include <vector>

#include "landmarks/face_landmarks.h"

namespace facesr {

struct PhotoFace {
  DetectedFace detection;  // box, score and 68 landmarks, in photo pixels
  cv::Matx23d to_crop;     // photo → aligned crop
  cv::Mat crop;            // the aligned RGB8 crop, crop_size square
};

struct FaceSearch {
  int crop_size = 128;          // the model's output size (its template is scaled to it)
  int upsample = -1;            // detector pyramid_up steps; < 0: auto_detector_upsample
  bool only_center_face = false;
};

// Detector upsampling when none is asked for: double the photo while it stays
// within 4 megapixels, at most 4 times. A VGA photo's 40 px faces and a
// thumbnail's 15 px ones are found; a large photo is searched as it is.
int auto_detector_upsample(cv::Size photo);

// Every face the detector finds in an RGB8 photo, best score first (or only
// the one nearest the photo's centre), aligned and cropped. Throws
// facesr::Error if the upsampled photo would be too large to search.
std::vector<PhotoFace> find_faces(const LandmarkPredictor& predictor, const cv::Mat& photo, const FaceSearch& search);

}  // namespace facesr
