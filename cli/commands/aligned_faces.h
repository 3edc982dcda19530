// Aligned face crops file by file, in batches: the work of `facesr upscale`
// (one model) and of `facesr restore --aligned` (routed by size).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "commands/file_naming.h"

namespace facesr::cli {

// One batch of RGB8 faces in, their results out, in order.
using FaceBatchFunction = std::function<std::vector<cv::Mat>(const std::vector<cv::Mat>&)>;

// Writes `run`'s result for each input to naming.target(input); unreadable
// inputs are skipped and reported. `label` names the work in the progress
// and summary lines. Throws facesr::Error if none could be read.
void process_aligned_faces(const std::string& label, const FaceBatchFunction& run,
                           const std::vector<std::filesystem::path>& files, const OutputNaming& naming, int batch_size);

}  // namespace facesr::cli
