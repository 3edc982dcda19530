// Whole photos restored: every face found, routed by its own size
// (face_route.h) to the x8 model or to the restoration model, restored in
// batches, and pasted back onto the photo upscaled with Lanczos. Aligned
// face crops follow the same routing.
#pragma once

#include <cstdint>
#include <memory>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "inference/face_upscaler.h"
#include "landmarks/face_landmarks.h"
#include "photo/face_finder.h"
#include "photo/face_route.h"

namespace facesr {

struct PhotoRestoreOptions {
  int upscale = 2;
  FaceSearch search;
  RouteChoice route = RouteChoice::Auto;
  int batch_size = 16;  // faces of 128² per forward pass; larger frames take fewer
  // A larger output would be made at a lower upscale (with a note), so that
  // an 8000x6000 photo does not take gigabytes (about 3 bytes a pixel).
  int64_t max_output_pixels = 128'000'000;
};

struct RestoredFace {
  PhotoFace face;     // as found, aligned at the frame its route reads
  double native = 0;  // its size in the photo: the frame's side in photo pixels
  FaceRoute route;
  cv::Mat restored;   // the network's output; empty when kept
};

// Wall-clock seconds of each stage of one photo.
struct RestoreTimings {
  double detect = 0;   // finding faces and landmarks
  double align = 0;    // warping the crops
  double network = 0;  // the models
  double paste = 0;    // the Lanczos background and pasting back
};

struct RestoredPhoto {
  cv::Mat image;
  int upscale = 1;  // as applied: lower than asked when the output would be too large
  std::vector<RestoredFace> faces;
  std::vector<std::string> notes;  // for the user
  RestoreTimings seconds;
};

class PhotoRestorer {
 public:
  // Either model may be null: its route is then unavailable. The x8 model
  // must upscale (LR smaller than its output); the restoration model must
  // restore in place.
  PhotoRestorer(FaceUpscaler* super_resolver, FaceUpscaler* restorer, const PhotoRestoreOptions& options);

  const RoutePolicy& policy() const { return policy_; }
  const PhotoRestoreOptions& options() const { return options_; }

  // An RGB8 photo → the photo upscaled with every face restored.
  RestoredPhoto restore(const cv::Mat& photo) const;

  // Aligned RGB8 face crops (the UTKFace framing), routed by their side:
  // each comes back at the x8 model's output size, or restored at its own
  // size (at least the restoration model's frame). Kept faces come back as
  // they were.
  std::vector<cv::Mat> restore_aligned(const std::vector<cv::Mat>& crops) const;

  // The model that serves `route` (for notes); empty for Keep.
  std::string model_name(Route route) const;

 private:
  // Runs every routed face through its model, faces of one route and frame together.
  void run_models(std::vector<RestoredFace>& faces) const;

  FaceUpscaler* super_resolver_;
  FaceUpscaler* restorer_;
  PhotoRestoreOptions options_;
  RoutePolicy policy_;
  mutable std::unique_ptr<LandmarkPredictor> predictor_;  // loaded by the first photo (aligned crops need none)
};

}  // namespace facesr
