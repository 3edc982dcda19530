#include "commands/aligned_faces.h"

#include <fmt/format.h>

#include <future>

#include "commands/progress.h"
#include "core/error.h"
#include "io/image.h"
#include "io/image_files.h"

namespace facesr::cli {

namespace fs = std::filesystem;

namespace {

struct InputBatch {
  std::vector<cv::Mat> faces;
  std::vector<fs::path> targets;
  std::vector<std::string> skipped;  // "path: reason" of the unreadable inputs
};

InputBatch read_batch(const std::vector<fs::path>& files, size_t start, size_t end, const OutputNaming& naming) {
  InputBatch batch;
  for (size_t i = start; i < end; ++i) {
    try {
      const fs::path target = naming.target(files[i]);
      batch.faces.push_back(read_rgb8(files[i].string()));
      batch.targets.push_back(target);
    } catch (const Error& e) {
      batch.skipped.push_back(e.what());
    }
  }
  return batch;
}

}  // namespace

void process_aligned_faces(const std::string& label, const FaceBatchFunction& run, const std::vector<fs::path>& inputs,
                           const OutputNaming& naming, int batch_size) {
  const std::vector<fs::path> files = naming.pending(inputs);
  if (files.empty() && !inputs.empty()) return;  // every output exists (--skip-existing)
  make_output_folder(naming.dir);
  Progress progress(label, files.size());
  const size_t step = static_cast<size_t>(batch_size);
  // Decoding the next batch and encoding the previous one overlap the network.
  const auto read_from = [&](size_t start) {
    return std::async(std::launch::async, read_batch, std::cref(files), start, std::min(files.size(), start + step),
                      std::cref(naming));
  };
  std::future<InputBatch> next = read_from(0);
  std::future<void> writing;
  int written = 0;
  std::vector<std::string> skipped;
  for (size_t start = 0; start < files.size(); start += step) {
    InputBatch batch = next.get();
    if (start + step < files.size()) next = read_from(start + step);
    // A single input's problem is the error itself (below), said once.
    if (files.size() > 1)
      for (const std::string& problem : batch.skipped) progress.note(fmt::format("skipped: {}", problem));
    skipped.insert(skipped.end(), batch.skipped.begin(), batch.skipped.end());
    std::vector<cv::Mat> sr;
    if (!batch.faces.empty()) sr = run(batch.faces);
    if (writing.valid()) writing.get();  // a failed write stops here, with its error
    writing = std::async(std::launch::async, [sr = std::move(sr), targets = std::move(batch.targets)] {
      for (size_t k = 0; k < sr.size(); ++k) write_rgb8(targets[k].string(), sr[k]);
    });
    written += static_cast<int>(batch.faces.size());
    progress.advance(std::min(files.size(), start + step) - start);
  }
  if (writing.valid()) writing.get();
  progress.finish();
  if (written == 0)
    throw Error(no_readable_input(skipped.size(), skipped.front()));
  fmt::print("{}: wrote {} face(s) to {}{}\n", label, written, naming.dir,
             skipped.empty() ? "" : fmt::format(", skipped {} unreadable input(s)", skipped.size()));
}

}  // namespace facesr::cli
