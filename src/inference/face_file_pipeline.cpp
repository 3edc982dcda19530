#include "inference/face_file_pipeline.h"

#include <algorithm>
#include <future>

#include "core/batches.h"
#include "core/error.h"
#include "io/image.h"
#include "io/image_files.h"

namespace facesr {

namespace fs = std::filesystem;

namespace {

struct InputBatch {
  std::vector<cv::Mat> faces;
  std::vector<fs::path> targets;
  std::vector<std::string> skipped;
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

FaceFilesResult process_face_files(const FaceBatchFunction& run, const std::vector<fs::path>& files,
                                   const OutputNaming& naming, int batch_size, const FaceFileEvents& events) {
  if (batch_size < 1) throw Error("process_face_files: batch_size must be at least 1");
  FaceFilesResult result;
  if (files.empty()) return result;
  make_output_folder(naming.dir);
  const auto read_from = [&](size_t begin) {
    return std::async(std::launch::async, read_batch, std::cref(files), begin,
                      std::min(files.size(), begin + static_cast<size_t>(batch_size)), std::cref(naming));
  };
  std::future<InputBatch> next = read_from(0);
  std::future<void> writing;
  for_each_batch(files.size(), batch_size, [&](size_t begin, size_t end) {
    InputBatch batch = next.get();
    if (end < files.size()) next = read_from(end);
    for (const std::string& problem : batch.skipped)
      if (events.on_skipped) events.on_skipped(problem);
    result.skipped.insert(result.skipped.end(), batch.skipped.begin(), batch.skipped.end());
    const int faces = static_cast<int>(batch.faces.size());
    std::vector<cv::Mat> outputs;
    if (faces > 0) outputs = run(batch.faces);
    if (static_cast<int>(outputs.size()) != faces)
      throw Error("process_face_files: the batch function returned " + std::to_string(outputs.size()) +
                  " images for " + std::to_string(faces) + " faces");
    if (writing.valid()) writing.get();  // a failed write stops here, with its error
    writing = std::async(std::launch::async, [outputs = std::move(outputs), targets = std::move(batch.targets)] {
      for (size_t k = 0; k < outputs.size(); ++k) write_rgb8(targets[k].string(), outputs[k]);
    });
    result.written += faces;
    if (events.on_batch_done) events.on_batch_done(end - begin);
  });
  if (writing.valid()) writing.get();
  if (result.written == 0) throw Error(no_readable_input(result.skipped.size(), result.skipped.front()));
  return result;
}

}  // namespace facesr
