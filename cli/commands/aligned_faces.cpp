#include "commands/aligned_faces.h"

#include <fmt/format.h>

#include "commands/progress.h"
#include "core/error.h"
#include "io/image.h"

namespace facesr::cli {

namespace fs = std::filesystem;

void upscale_aligned_faces(FaceUpscaler& upscaler, const std::vector<fs::path>& files, const OutputNaming& naming,
                           int batch_size) {
  fs::create_directories(naming.dir);
  Progress progress("upscale", files.size());
  int written = 0;
  std::vector<std::string> skipped;
  for (size_t start = 0; start < files.size(); start += static_cast<size_t>(batch_size)) {
    const size_t end = std::min(files.size(), start + static_cast<size_t>(batch_size));
    std::vector<cv::Mat> faces;
    std::vector<fs::path> targets;
    for (size_t i = start; i < end; ++i) {
      try {
        const fs::path target = naming.target(files[i]);
        faces.push_back(read_rgb8(files[i].string()));
        targets.push_back(target);
      } catch (const Error& e) {
        skipped.push_back(e.what());
        progress.note(fmt::format("skipped: {}", e.what()));
      }
    }
    if (!faces.empty()) {
      const std::vector<cv::Mat> sr = upscaler.upscale(faces);
      for (size_t k = 0; k < sr.size(); ++k) {
        write_rgb8(targets[k].string(), sr[k]);
        ++written;
      }
    }
    progress.advance(end - start);
  }
  progress.finish();
  fmt::print("{}: wrote {} face(s) to {}{}\n", upscaler.spec().name, written, naming.dir,
             skipped.empty() ? "" : fmt::format(", skipped {} unreadable input(s)", skipped.size()));
  if (written == 0) throw Error(fmt::format("no input could be read ({} skipped)", skipped.size()));
}

}  // namespace facesr::cli
