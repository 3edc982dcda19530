// The public API (include/facesr/facesr.h) over facesr's inside: images cross
// as plain RGB buffers, models are opened once.
#include <facesr/facesr.h>

#include <fmt/format.h>

#include <opencv2/core.hpp>

#include "core/batches.h"
#include "inference/face_upscaler.h"
#include "io/image.h"
#include "metrics/protocol.h"
#include "photo/photo_models.h"
#include "photo/photo_restorer.h"
#include "runtime/runtime.h"

namespace facesr {

namespace {

// A copy, so that neither side owns the other's memory.
cv::Mat to_mat(const Image& image, const char* what) {
  if (image.width <= 0 || image.height <= 0 ||
      image.pixels.size() != static_cast<size_t>(image.width) * static_cast<size_t>(image.height) * 3)
    throw Error(fmt::format("{}: an Image of {}x{} needs {} bytes of RGB, it holds {}", what, image.width,
                            image.height, int64_t{image.width} * image.height * 3, image.pixels.size()));
  return cv::Mat(image.height, image.width, CV_8UC3, const_cast<uint8_t*>(image.pixels.data())).clone();
}

Image to_image(const cv::Mat& mat) {
  const cv::Mat rgb = mat.isContinuous() ? mat : mat.clone();
  Image image{rgb.cols, rgb.rows, {}};
  image.pixels.assign(rgb.data, rgb.data + rgb.total() * 3);
  return image;
}

std::vector<cv::Mat> to_mats(const std::vector<Image>& images, const char* what) {
  std::vector<cv::Mat> mats;
  mats.reserve(images.size());
  for (const Image& image : images) mats.push_back(to_mat(image, what));
  return mats;
}

std::vector<Image> to_images(const std::vector<cv::Mat>& mats) {
  std::vector<Image> images;
  images.reserve(mats.size());
  for (const cv::Mat& mat : mats) images.push_back(to_image(mat));
  return images;
}

torch::Device prepare(const ModelSettings& settings) {
  if (settings.threads < 0) throw Error(fmt::format("threads must be 0 or more, got {}", settings.threads));
  if (settings.threads > 0) configure_threads(settings.threads);
  return select_device(settings.device);
}

}  // namespace

Image read_image(const std::string& path) { return to_image(read_rgb8(path)); }

void write_image(const std::string& path, const Image& image) { write_rgb8(path, to_mat(image, path.c_str())); }

struct FaceModel::Impl {
  std::unique_ptr<FaceUpscaler> upscaler;
  int batch_size = 16;
};

FaceModel::FaceModel(const ModelSettings& settings) : impl_(std::make_unique<Impl>()) {
  const torch::Device device = prepare(settings);
  impl_->upscaler = std::make_unique<FaceUpscaler>(FaceUpscaler::open(settings.model, settings.weights, device));
  impl_->upscaler->set_flip_ensemble(settings.flip_ensemble);
  impl_->upscaler->set_bf16(settings.bf16);
  impl_->batch_size = settings.batch_size;
}

FaceModel::~FaceModel() = default;
FaceModel::FaceModel(FaceModel&&) noexcept = default;
FaceModel& FaceModel::operator=(FaceModel&&) noexcept = default;

std::string FaceModel::name() const { return impl_->upscaler->spec().name; }
int FaceModel::input_size() const { return impl_->upscaler->spec().convention.lr_size; }
int FaceModel::output_size() const { return impl_->upscaler->spec().convention.output_size; }
bool FaceModel::restores_in_place() const { return impl_->upscaler->restores_in_place(); }

std::vector<Image> FaceModel::upscale(const std::vector<Image>& faces) {
  const std::vector<cv::Mat> inputs = to_mats(faces, "FaceModel::upscale");
  std::vector<Image> out;
  for_each_batch(inputs.size(), impl_->batch_size, [&](size_t begin, size_t end) {
    for (const cv::Mat& face : impl_->upscaler->upscale({inputs.begin() + begin, inputs.begin() + end}))
      out.push_back(to_image(face));
  });
  return out;
}

struct PhotoPipeline::Impl {
  PhotoModels models;
  std::unique_ptr<PhotoRestorer> restorer;
};

PhotoPipeline::PhotoPipeline(const ModelSettings& model, const PhotoSettings& settings)
    : impl_(std::make_unique<Impl>()) {
  impl_->models = load_photo_models(model.model, model.weights, prepare(model));
  impl_->models.set_flip_ensemble(model.flip_ensemble);
  impl_->models.set_bf16(model.bf16);
  PhotoRestoreOptions options;
  options.upscale = settings.upscale;
  options.search.only_center_face = settings.only_center_face;
  options.batch_size = model.batch_size;
  impl_->restorer =
      std::make_unique<PhotoRestorer>(impl_->models.super_resolver.get(), impl_->models.restorer.get(), options);
}

PhotoPipeline::~PhotoPipeline() = default;
PhotoPipeline::PhotoPipeline(PhotoPipeline&&) noexcept = default;
PhotoPipeline& PhotoPipeline::operator=(PhotoPipeline&&) noexcept = default;

PhotoResult PhotoPipeline::restore(const Image& photo) const {
  const RestoredPhoto r = impl_->restorer->restore(to_mat(photo, "PhotoPipeline::restore"));
  return {to_image(r.image), r.upscale, static_cast<int>(r.faces.size()), r.notes};
}

std::vector<Image> PhotoPipeline::restore_aligned(const std::vector<Image>& faces) const {
  return to_images(impl_->restorer->restore_aligned(to_mats(faces, "PhotoPipeline::restore_aligned")));
}

Score score(const Image& result, const Image& truth, const std::string& protocol) {
  const cv::Mat sr = to_mat(result, "score (result)"), hr = to_mat(truth, "score (truth)");
  if (sr.size() != hr.size())
    throw Error(fmt::format("score: the result is {}x{} but the truth {}x{}; they must be the same size", sr.cols,
                            sr.rows, hr.cols, hr.rows));
  const metrics::PairScore s = metrics::score_pair(sr, hr, metrics::find_protocol(protocol));
  return {s.psnr, s.ssim};
}

}  // namespace facesr
