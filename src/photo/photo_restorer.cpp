#include "photo/photo_restorer.h"

#include <fmt/format.h>

#include <chrono>
#include <map>

#include "core/batches.h"
#include "core/error.h"
#include "photo/alignment.h"
#include "photo/five_points.h"
#include "photo/restored_photo.h"
#include "resample/pil_resize.h"

namespace facesr {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// The UTKFace frame the routing measures faces in: the framing of the x8 models.
constexpr int kMeasureFrame = 128;

// How many UTKFace frames of a face one frame of `framing` spans (FFHQ's show
// more around the face): eye distance per frame side, UTKFace's over framing's.
double frame_span(Framing framing) {
  const auto eyes = [](Framing f) {
    const FivePoints t = face_template(kMeasureFrame, f);
    return cv::norm(t[1] - t[0]);
  };
  return eyes(Framing::UtkFace) / eyes(framing);
}

}  // namespace

PhotoRestorer::PhotoRestorer(FaceUpscaler* super_resolver, FaceUpscaler* restorer, const PhotoRestoreOptions& options)
    : super_resolver_(super_resolver), restorer_(restorer), options_(options) {
  if (options.upscale < 1) throw Error("--upscale must be at least 1");
  if (options.batch_size < 1) throw Error("the batch size must be at least 1");
  if (super_resolver_ && super_resolver_->restores_in_place())
    throw Error(fmt::format("{} restores faces in place; it cannot serve as the x8 model", super_resolver_->spec().name));
  if (restorer_ && !restorer_->restores_in_place())
    throw Error(fmt::format("{} upsamples {} px faces; it cannot serve as the restoration model",
                            restorer_->spec().name, restorer_->spec().convention.lr_size));
  if (super_resolver_) policy_.sr_input = super_resolver_->spec().convention.lr_size;
  if (restorer_) policy_.restore_frame = restorer_->spec().convention.output_size;
  policy_.choice = options.route;
}

std::string PhotoRestorer::model_name(Route route) const {
  if (route == Route::SuperResolve && super_resolver_) return super_resolver_->spec().name;
  if (route == Route::Restore && restorer_) return restorer_->spec().name;
  return "";
}

void PhotoRestorer::run_models(std::vector<RestoredFace>& faces) const {
  std::map<std::pair<Route, int>, std::vector<size_t>> groups;
  for (size_t i = 0; i < faces.size(); ++i)
    if (faces[i].route.route != Route::Keep) groups[{faces[i].route.route, faces[i].route.frame}].push_back(i);
  for (const auto& [key, members] : groups) {
    const auto [route, frame] = key;
    // Batches hold about batch_size faces' worth of 128² pixels.
    const int64_t batch =
        std::max<int64_t>(1, int64_t{options_.batch_size} * 128 * 128 / (int64_t{frame} * std::max(frame, 128)));
    for_each_batch(members.size(), batch, [&, route = route](size_t begin, size_t end) {
      std::vector<cv::Mat> crops;
      for (size_t k = begin; k < end; ++k) crops.push_back(faces[members[k]].face.crop);
      const std::vector<cv::Mat> out =
          route == Route::SuperResolve ? super_resolver_->upscale(crops) : restorer_->restore_at_own_size(crops);
      for (size_t k = begin; k < end; ++k) faces[members[k]].restored = out[k - begin];
    });
  }
}

RestoredPhoto PhotoRestorer::restore(const cv::Mat& photo) const {
  RestoredPhoto out;
  auto start = Clock::now();
  if (!predictor_) predictor_ = std::make_unique<LandmarkPredictor>();
  const std::vector<DetectedFace> detections = find_faces(*predictor_, photo, options_.search);
  out.seconds.detect = seconds_since(start);
  if (const double reduction = search_reduction(photo.size()); reduction > 1)
    out.notes.push_back(fmt::format("{:.0f}-megapixel photo: faces were searched on a copy reduced {:.1f}x, which "
                                    "finds faces from about {:.0f} px wide",
                                    photo.total() / 1e6, reduction, 80 * reduction));

  out.upscale = options_.upscale;
  while (out.upscale > 1 && static_cast<double>(photo.total()) * out.upscale * out.upscale >
                                static_cast<double>(options_.max_output_pixels))
    --out.upscale;
  if (out.upscale < options_.upscale)
    out.notes.push_back(fmt::format("--upscale {} would make an output of {:.0f} megapixels, over the limit of {:.0f}; "
                                    "upscaled {}x instead",
                                    options_.upscale,
                                    static_cast<double>(photo.total()) * options_.upscale * options_.upscale / 1e6,
                                    options_.max_output_pixels / 1e6, out.upscale));

  start = Clock::now();
  const Framing sr_framing = super_resolver_ ? model_framing(super_resolver_->spec().convention.output_size)
                                             : Framing::UtkFace;
  const Framing restore_framing = restorer_ ? model_framing(restorer_->spec().convention.output_size)
                                            : Framing::UtkFace;
  const double restore_span = frame_span(restore_framing);
  for (const DetectedFace& d : detections) {
    RestoredFace f;
    f.native = native_face_size(
        similarity_transform(five_points(d.landmarks), face_template(kMeasureFrame, Framing::UtkFace)), kMeasureFrame);
    f.route = route_face(f.native, policy_);
    // The restoration frame is measured in the restorer's own framing.
    if (f.route.route == Route::Restore && restore_framing != Framing::UtkFace)
      f.route = route_face(f.native * restore_span, policy_);
    if (f.route.route == Route::SuperResolve)
      f.face = f.route.window ? window_face(photo, d, f.route.frame, sr_framing) : align_face(photo, d, f.route.frame, sr_framing);
    else if (f.route.route == Route::Restore) f.face = align_face(photo, d, f.route.frame, restore_framing);
    else f.face = align_face(photo, d, kMeasureFrame, Framing::UtkFace);  // for --save-faces
    out.faces.push_back(std::move(f));
  }
  out.seconds.align = seconds_since(start);

  start = Clock::now();
  run_models(out.faces);
  out.seconds.network = seconds_since(start);

  start = Clock::now();
  std::vector<PhotoFace> faces;
  std::vector<cv::Mat> restored;
  for (const RestoredFace& f : out.faces) {
    faces.push_back(f.face);
    restored.push_back(f.restored);
  }
  out.image = restored_photo(photo, faces, restored, out.upscale);
  out.seconds.paste = seconds_since(start);
  return out;
}

std::vector<cv::Mat> PhotoRestorer::restore_aligned(const std::vector<cv::Mat>& crops) const {
  std::vector<RestoredFace> faces(crops.size());
  for (size_t i = 0; i < crops.size(); ++i) {
    const cv::Mat& crop = crops[i];
    RestoredFace& f = faces[i];
    f.native = std::max(crop.cols, crop.rows);
    f.route = route_face(f.native, policy_);
    f.face.crop = f.route.route == Route::Restore && (crop.cols != f.route.frame || crop.rows != f.route.frame)
                      ? pil_resize(crop, {f.route.frame, f.route.frame})
                      : crop;
  }
  run_models(faces);
  std::vector<cv::Mat> out;
  for (size_t i = 0; i < crops.size(); ++i) {
    const RestoredFace& f = faces[i];
    const int native = static_cast<int>(f.native);
    if (f.route.route == Route::Keep) out.push_back(crops[i]);
    else if (f.route.route == Route::Restore && native > policy_.restore_frame && native != f.route.frame)
      out.push_back(pil_resize(f.restored, {native, native}));  // back to the crop's own size
    else out.push_back(f.restored);
  }
  return out;
}

}  // namespace facesr
