// Faces in a whole photo: found by dlib, then aligned to a model's template
// and cropped at the frame the model reads them at.
#pragma once

#include <opencv2/core.hpp>
#include <vector>

#include "landmarks/face_landmarks.h"
#include "photo/face_template.h"

namespace facesr {

struct PhotoFace {
  DetectedFace detection;  // box, score and 68 landmarks, in photo pixels
  cv::Matx23d to_crop;     // photo → aligned crop
  cv::Mat crop;            // the aligned RGB8 crop, square
};

struct FaceSearch {
  int upsample = -1;            // detector pyramid_up steps; < 0: auto_detector_upsample
  bool only_center_face = false;
};

// Photos above this are searched on a reduced copy (their faces are large
// enough to be found there), so the detector's memory stays bounded.
constexpr double kMaxSearchPixels = 16.0 * (1 << 20);

// Detector upsampling when none is asked for: double the photo while it stays
// within 4 megapixels, at most 4 times. A VGA photo's 40 px faces and a
// thumbnail's 15 px ones are found; a large photo is searched as it is.
int auto_detector_upsample(cv::Size photo);

// Every face the detector finds in an RGB8 photo, best score first (or only
// the one nearest the photo's centre), with its landmarks, in photo pixels.
// Throws facesr::Error if the upsampled photo would be too large to search.
std::vector<DetectedFace> find_faces(const LandmarkPredictor& predictor, const cv::Mat& photo, const FaceSearch& search);

// The factor a photo is reduced by before the search (1 within kMaxSearchPixels).
double search_reduction(cv::Size photo);

// `face` aligned by its five points onto the `framing` template of a frame x
// frame crop, and that crop.
PhotoFace align_face(const cv::Mat& photo, const DetectedFace& face, int frame, Framing framing);

// The frame x frame window of the photo's own pixels (a whole-pixel offset,
// neither rotated nor scaled) centred where align_face's crop is. What an x8
// model reads best: trained on faces reduced to its input, it loses most of
// what it adds to a face resampled on the way in (a sub-pixel shift alone
// costs it 0.8 dB), far more than a tilt or a size a little off does.
PhotoFace window_face(const cv::Mat& photo, const DetectedFace& face, int frame, Framing framing);

// How many photo pixels the side of a frame spans for a face aligned by
// `to_crop` onto a frame x frame crop: the face's own size in the photo.
double native_face_size(const cv::Matx23d& to_crop, int frame);

}  // namespace facesr
