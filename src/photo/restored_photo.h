// A whole photo with its faces restored: the photo upscaled as background and
// every restored face pasted back where it was found.
#pragma once

#include <opencv2/core.hpp>
#include <vector>

#include "photo/face_finder.h"

namespace facesr {

// The photo upscaled `upscale` times with Lanczos (a copy when 1).
cv::Mat upscale_background(const cv::Mat& photo, int upscale);

// True when an RGB8 photo has no colour: its channels differ by less than two
// levels on average (room for JPEG chroma noise).
bool looks_grayscale(const cv::Mat& rgb);

// upscale_background(photo) with restored[i] (the model's output for
// faces[i].crop: the same frame, at the crop's size or a multiple of it when
// the model upscales) pasted back under a feathered mask. An empty
// restored[i] leaves that face as the plain upscale. A grayscale photo gets
// its faces back in gray.
cv::Mat restored_photo(const cv::Mat& photo, const std::vector<PhotoFace>& faces, const std::vector<cv::Mat>& restored,
                       int upscale);

}  // namespace facesr
