#include "commands/face_files.h"

#include <fmt/format.h>

#include "commands/progress.h"

namespace facesr::cli {

namespace fs = std::filesystem;

std::vector<fs::path> pending_inputs(const OutputNaming& naming, const std::vector<fs::path>& files) {
  const std::vector<fs::path> left = naming.pending(files);
  if (left.size() < files.size())
    fmt::print(stderr, "note: {} of {} input(s) already have their output in {} (--skip-existing); {} left\n",
               files.size() - left.size(), files.size(), naming.dir, left.size());
  return left;
}

void write_face_files(const std::string& label, const FaceBatchFunction& run, const std::vector<std::string>& inputs,
                      const OutputNaming& naming, int batch_size) {
  const std::vector<fs::path> files = pending_inputs(naming, collect_inputs(inputs));
  if (files.empty()) return;  // every output exists (--skip-existing)
  Progress progress(label, files.size());
  FaceFileEvents events;
  // A single input's problem is the error itself, said once.
  if (files.size() > 1) events.on_skipped = [&](const std::string& problem) { progress.note("skipped: " + problem); };
  events.on_batch_done = [&](size_t inputs_done) { progress.advance(inputs_done); };
  const FaceFilesResult result = process_face_files(run, files, naming, batch_size, events);
  progress.finish();
  fmt::print("{}: wrote {} face(s) to {}{}\n", label, result.written, naming.dir,
             result.skipped.empty() ? "" : fmt::format(", skipped {} unreadable input(s)", result.skipped.size()));
}

}  // namespace facesr::cli
