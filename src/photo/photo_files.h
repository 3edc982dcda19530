// Whole photos file by file, the work of `facesr restore`: each photo
// restored (photo_restorer.h) and written to naming.target(file), with notes
// on what happened to its faces, and on request the boxes drawn and the
// faces' crops before and after saved.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "io/output_naming.h"
#include "photo/photo_restorer.h"

namespace facesr {

struct PhotoFileOptions {
  bool draw_boxes = false;  // each detection's box and score drawn on the output
  bool save_faces = false;  // naming.dir/faces/<stem><suffix>_NN_{before,after}.png
};

struct PhotoFileEvents {
  std::function<void(const std::string& note)> on_note;        // "path: what the user should know"
  std::function<void(const std::string& route)> on_face_routed;  // "path: face N at (x, y), S px: model at F px (why)"
  std::function<void(const std::string& problem)> on_skipped;  // an input skipped: "path: reason"
  std::function<void()> on_file_done;                          // after each input, restored or skipped
};

struct PhotoFilesResult {
  int photos = 0;    // written
  int faces = 0;     // found in them
  int faceless = 0;  // photos without a face (written upscaled only)
  std::vector<std::string> skipped;  // "path: reason" of each input skipped
  RestoreTimings seconds;            // summed over the photos
};

// An input that cannot be read, restored or written is skipped and reported;
// throws facesr::Error when that was every input.
PhotoFilesResult process_photo_files(const PhotoRestorer& restorer, const std::vector<std::filesystem::path>& files,
                                     const OutputNaming& naming, const PhotoFileOptions& options,
                                     const PhotoFileEvents& events = {});

}  // namespace facesr
