// facesr's public API: super-resolve aligned face crops with any zoo model,
// restore every face of whole photos, and score a result under the papers'
// evaluation protocols. Images are plain 8-bit RGB buffers: no LibTorch or
// OpenCV type appears here, so a program needs only this header and
// `find_package(facesr)`. Every failure throws facesr::Error, whose message is
// one line naming what is wrong and how to fix it.
//
//   facesr::FaceModel model;                                 // the bundled x8 default
//   facesr::Image face = facesr::read_image("face16.png");
//   facesr::write_image("face128.png", model.upscale({face}).at(0));
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <facesr/error.h>

namespace facesr {

// An 8-bit RGB image: rows top to bottom, 3 bytes a pixel, no padding.
struct Image {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;  // width * height * 3
};

// Any image file OpenCV decodes (EXIF rotation applied, gray replicated, alpha
// dropped, 16-bit reduced to 8).
Image read_image(const std::string& path);
// Writes `image` atomically; the format follows the extension.
void write_image(const std::string& path, const Image& image);

// Which network to open, where to run it.
struct ModelSettings {
  std::string model;           // zoo name; empty: the one the weights name, or the bundled model
  std::string weights;         // .safetensors; not needed for "bicubic" or a bundled model
  std::string device = "cpu";  // cpu, cuda or cuda:N
  int threads = 0;             // LibTorch's CPU threads for the whole process; 0 leaves them as they are
  int batch_size = 16;         // faces per forward pass
  // Also run each face mirrored and average the two results (flip self-ensemble):
  // a little more PSNR (+0.04-0.06 dB on the bundled models) for twice the network time.
  bool flip_ensemble = false;
  // Convolutions in bfloat16 on CPUs with AVX512_BF16 (facesr::Error elsewhere):
  // about 1.2x the faces/s, PSNR within 0.003 dB of float32 on the bundled models.
  bool bf16 = false;
};

// One network, opened once: its weights are read when it is constructed.
class FaceModel {
 public:
  // The bundled x8 default when settings name no model or weights.
  explicit FaceModel(const ModelSettings& settings = {});
  ~FaceModel();
  FaceModel(FaceModel&&) noexcept;
  FaceModel& operator=(FaceModel&&) noexcept;

  std::string name() const;  // the zoo name, e.g. "sparnet"
  int input_size() const;    // side of the faces it reads (16 for a x8 model)
  int output_size() const;   // side of the faces it writes
  // A restoration model (input as large as its output) rather than a x8 one.
  bool restores_in_place() const;

  // Aligned face crops, resized to input_size() when they differ → faces of output_size().
  std::vector<Image> upscale(const std::vector<Image>& faces);

 private:
  friend class PhotoPipeline;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct PhotoSettings {
  int upscale = 2;                // the whole photo's scale; lowered (with a note) for very large outputs
  bool only_center_face = false;  // restore only the face nearest the centre
};

struct PhotoResult {
  Image image;
  int upscale = 1;                 // as applied
  int faces = 0;                   // faces found and restored
  std::vector<std::string> notes;  // what a user should know (no face found, scale lowered, ...)
};

// Whole photos: every face found, aligned, restored by the model that fits its
// size in the photo (the x8 model for faces near its 16 px input, the
// restoration model for larger ones) and pasted back onto the photo upscaled
// with Lanczos.
class PhotoPipeline {
 public:
  // `model` replaces the bundled model of its kind (x8 or restoration); the
  // other kind stays bundled. The default uses both bundled models.
  explicit PhotoPipeline(const ModelSettings& model = {}, const PhotoSettings& settings = {});
  ~PhotoPipeline();
  PhotoPipeline(PhotoPipeline&&) noexcept;
  PhotoPipeline& operator=(PhotoPipeline&&) noexcept;

  PhotoResult restore(const Image& photo) const;
  // Aligned face crops of any size, routed by their size as photo faces are.
  std::vector<Image> restore_aligned(const std::vector<Image>& faces) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// PSNR (dB) and SSIM of `result` against `truth` (same size) under one of the
// papers' protocols: "sparnet" (Y, whole image), "dic" (Y, 8 px border
// removed) or "rgb" (RGB, 8 px border removed).
struct Score {
  double psnr = 0;
  double ssim = 0;
};
Score score(const Image& result, const Image& truth, const std::string& protocol = "sparnet");

}  // namespace facesr
