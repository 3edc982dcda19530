#include "photo/photo_files.h"

#include <fmt/format.h>

#include <opencv2/imgproc.hpp>

#include "core/error.h"
#include "io/image.h"
#include "io/image_files.h"
#include "photo/alignment.h"
#include "photo/paste_back.h"
#include "photo/restored_photo.h"

namespace facesr {

namespace fs = std::filesystem;

namespace {

// Each detection's box (and score) drawn onto the upscaled output.
void draw_detections(cv::Mat& canvas, const std::vector<RestoredFace>& faces, int upscale) {
  const cv::Scalar green(0, 255, 0);
  const int thickness = std::max(1, canvas.cols / 500);
  for (const RestoredFace& f : faces) {
    const cv::Rect2f& b = f.face.detection.box;
    const cv::Rect box(cvRound(b.x * upscale), cvRound(b.y * upscale), cvRound(b.width * upscale),
                       cvRound(b.height * upscale));
    cv::rectangle(canvas, box, green, thickness);
    cv::putText(canvas, fmt::format("{:.2f}", f.face.detection.score), box.tl() + cv::Point(0, -3 * thickness),
                cv::FONT_HERSHEY_SIMPLEX, 0.4 * thickness, green, thickness);
  }
}

// The face as the photo holds it, in the frame and at the size of the model's output.
cv::Mat face_before(const cv::Mat& photo, const RestoredFace& f) {
  const int size = f.restored.empty() ? f.face.crop.cols : f.restored.cols;
  return warp_to_crop(photo, scaled_frame(f.face.to_crop, static_cast<double>(size) / f.face.crop.cols), size);
}

void note(const PhotoFileEvents& events, const std::string& text) {
  if (events.on_note) events.on_note(text);
}

void note_faces(const PhotoRestorer& restorer, const std::string& name, const cv::Mat& photo, const RestoredPhoto& r,
                const PhotoFileEvents& events) {
  if (r.faces.empty()) {
    const int asked = restorer.options().search.upsample;
    const int upsample = asked < 0 ? auto_detector_upsample(photo.size()) : asked;
    note(events, fmt::format("{}: no face found (searched at {}x, which finds frontal faces from about {} px wide); "
                             "wrote the photo upscaled only; for smaller faces try --upsample-detect {}",
                             name, 1 << upsample, 80 >> upsample, upsample + 1));
    return;
  }
  if (looks_grayscale(photo)) note(events, fmt::format("{}: grayscale photo; faces are pasted back in gray", name));
  for (size_t i = 0; i < r.faces.size(); ++i) {
    const RestoredFace& f = r.faces[i];
    const cv::Rect2f& box = f.face.detection.box;
    const std::string where = fmt::format("face {} at ({:.0f}, {:.0f}), {:.0f} px", i + 1, box.x, box.y, f.native);
    if (f.route.route == Route::Keep)
      note(events, fmt::format("{}: {}: left as the plain upscale ({})", name, where, f.route.why));
    else if (events.on_face_routed)
      events.on_face_routed(fmt::format("{}: {}: {} at {} px ({})", name, where, restorer.model_name(f.route.route),
                                        f.route.frame, f.route.why));
  }
}

void save_faces(const fs::path& input, const OutputNaming& naming, const cv::Mat& photo, const RestoredPhoto& r) {
  const fs::path dir = fs::path(naming.dir) / "faces";
  make_output_folder(dir);
  for (size_t i = 0; i < r.faces.size(); ++i) {
    const RestoredFace& f = r.faces[i];
    const std::string stem = fmt::format("{}{}_{:02d}", input.stem().string(), naming.suffix, i + 1);
    const cv::Mat before = face_before(photo, f);
    write_rgb8((dir / (stem + "_before.png")).string(), before);
    write_rgb8((dir / (stem + "_after.png")).string(), f.restored.empty() ? before : f.restored);
  }
}

void add(RestoreTimings& total, const RestoreTimings& one) {
  total.detect += one.detect;
  total.align += one.align;
  total.network += one.network;
  total.paste += one.paste;
}

}  // namespace

PhotoFilesResult process_photo_files(const PhotoRestorer& restorer, const std::vector<fs::path>& files,
                                     const OutputNaming& naming, const PhotoFileOptions& options,
                                     const PhotoFileEvents& events) {
  PhotoFilesResult result;
  if (files.empty()) return result;
  make_output_folder(naming.dir);
  for (const fs::path& input : files) {
    try {
      const fs::path target = naming.target(input);
      const cv::Mat photo = read_rgb8(input.string());
      const std::string name = input.string();
      for (const std::string& change : rgb8_conversions(name, photo)) note(events, fmt::format("{}: {}", name, change));
      RestoredPhoto r = restorer.restore(photo);
      for (const std::string& n : r.notes) note(events, fmt::format("{}: {}", name, n));
      note_faces(restorer, name, photo, r, events);
      if (options.draw_boxes) draw_detections(r.image, r.faces, r.upscale);
      write_rgb8(target.string(), r.image);
      if (options.save_faces) save_faces(input, naming, photo, r);
      ++result.photos;
      result.faces += static_cast<int>(r.faces.size());
      result.faceless += r.faces.empty();
      add(result.seconds, r.seconds);
    } catch (const Error& e) {
      result.skipped.push_back(e.what());
      if (events.on_skipped) events.on_skipped(e.what());
    }
    if (events.on_file_done) events.on_file_done();
  }
  if (result.photos == 0) throw Error(no_readable_input(result.skipped.size(), result.skipped.front()));
  return result;
}

}  // namespace facesr
