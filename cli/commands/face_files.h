// What the commands that write one image per input say around the work:
// the --skip-existing note, the progress line and the summary.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "inference/face_file_pipeline.h"
#include "io/output_naming.h"

namespace facesr::cli {

// naming.pending(files), with a note on stderr when some already have their output.
std::vector<std::filesystem::path> pending_inputs(const OutputNaming& naming,
                                                  const std::vector<std::filesystem::path>& files);

// `facesr upscale` and `restore --aligned`: process_face_files over the
// files and folders in `inputs`, with a progress line named `label`, each
// skipped input noted and a summary line.
void write_face_files(const std::string& label, const FaceBatchFunction& run, const std::vector<std::string>& inputs,
                      const OutputNaming& naming, int batch_size);

}  // namespace facesr::cli
