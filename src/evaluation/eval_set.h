// The images an evaluation scores: HR faces from a folder, the LR each model
// family derives from them (PIL bicubic, as SPARNet/CTCNet/DIC do), and,
// for `--sr DIR`, the SR images paired to them by file name.
#pragma once

#include <cstdint>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "landmarks/face_landmarks.h"

namespace facesr::evaluation {

struct EvalImage {
  std::string name;     // file stem, the pairing key
  cv::Mat hr;           // RGB8, hr_size x hr_size; empty for real LR without ground truth
  cv::Mat lr;           // RGB8, lr_size x lr_size: PIL-bicubic(hr), or the real LR face
  Landmarks landmarks;  // ground truth from <stem>.txt beside the HR file, in hr coordinates; may be empty
};

struct EvalSet {
  std::vector<EvalImage> images;
  std::vector<std::string> problems;  // one line per skipped file
};

// How the LR of each HR face is made.
struct LrSynthesis {
  // "bicubic": PIL bicubic to lr_size (the papers'). "blind" or "photo": a
  // restoration model's degradation (BlindDegradationRanges::named, but never
  // the clean draw) at hr_size, image i drawn from seed + i, then PIL bicubic
  // to lr_size.
  std::string degradation = "bicubic";
  uint64_t seed = 0;
};

// Reads every image of `hr_dir` (sorted by name). HR images of another size
// are PIL-bicubic resized to hr_size first (e.g. UTKFace 200 → 128), and so
// are the landmarks of a <stem>.txt file beside them. `limit` > 0 keeps only
// the first `limit` images. Unreadable files are skipped and listed in
// `problems`. Throws facesr::Error for an unknown degradation.
EvalSet load_eval_set(const std::string& hr_dir, int hr_size, int lr_size, int limit, const LrSynthesis& lr = {});

// Real low-resolution faces with no ground truth (SCGAN-style evaluation):
// each resized to lr_size when it differs; `hr` stays empty.
EvalSet load_lr_set(const std::string& lr_dir, int lr_size, int limit);

// SR images of `sr_dir` paired to `set` by file stem. Missing or mis-sized
// SR images stay empty and are listed in `problems`.
std::vector<cv::Mat> pair_sr_images(const std::string& sr_dir, const EvalSet& set, std::vector<std::string>& problems);

}  // namespace facesr::evaluation
