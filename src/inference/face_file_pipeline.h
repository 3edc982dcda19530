// Aligned face crops file by file, in batches, through one function: the
// work of `facesr upscale` (one model) and of `facesr restore --aligned`
// (routed by size). Decoding the next batch and encoding the previous one
// overlap the network.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "io/output_naming.h"

namespace facesr {

// One batch of RGB8 faces in, their results out, in order.
using FaceBatchFunction = std::function<std::vector<cv::Mat>(const std::vector<cv::Mat>&)>;

struct FaceFileEvents {
  std::function<void(const std::string& problem)> on_skipped;  // an unreadable input: "path: reason"
  std::function<void(size_t inputs)> on_batch_done;             // how many inputs the batch took
};

struct FaceFilesResult {
  int written = 0;
  std::vector<std::string> skipped;  // "path: reason" of each unreadable input
};

// Writes `run`'s result for each of `files` to naming.target(file), creating
// naming.dir; unreadable inputs are skipped and reported. Throws
// facesr::Error when none could be read, or when an output cannot be written.
FaceFilesResult process_face_files(const FaceBatchFunction& run, const std::vector<std::filesystem::path>& files,
                                   const OutputNaming& naming, int batch_size, const FaceFileEvents& events = {});

}  // namespace facesr
