// Super-resolving aligned face crops file by file, in batches: the work of
// `facesr upscale` and of `facesr restore --aligned`.
#pragma once

#include <filesystem>
#include <vector>

#include "commands/file_naming.h"
#include "inference/face_upscaler.h"

namespace facesr::cli {

// Writes each input's SR face to naming.target(input); unreadable inputs are
// skipped and reported. Throws facesr::Error if none could be read.
void upscale_aligned_faces(FaceUpscaler& upscaler, const std::vector<std::filesystem::path>& files,
                           const OutputNaming& naming, int batch_size);

}  // namespace facesr::cli
