// Blind face degradation: SPARNetHD's of FFHQ at 512 (specs/common.md §3.2,
// official data/ffhq_dataset.py), with OpenCV equivalents of its imgaug ops:
//   HR  = Pillow-bicubic resize to 512; with p=0.3 grayscale (HR target too);
//   LQ  = [p=.5 one of Gaussian σ∈[3,15] / average k∈[3,15] / median k∈[3,15] /
//          motion k∈[5,25] blur] → resize to s×s, s∈{32..127}, with nearest,
//          linear, area or cubic → [p=.2 Gaussian noise σ∈[0,25.5], per
//          channel with p=.5] → [p=.7 JPEG, imgaug compression c∈[10,65],
//          quality round(1 + 99(1 − c/101)) ∈ 36..90] → cubic resize to 512.
// Deviations from imgaug, all small in distribution (facesr's own ranges
// below also centre nearest-neighbour reduction, see centred_nearest):
//  * random draws come from std::mt19937_64, so no sample equals imgaug's;
//  * JPEG goes through cv::imencode (libjpeg, 4:2:0) instead of PIL.save;
//  * Gaussian noise is added in float and rounded with saturate_cast;
//  * the motion kernel is rotated with cv::warpAffine about its centre pixel.
// The same chain with other odds and ranges (BlindDegradationRanges) trains
// facesr's own restoration model: faces of any quality at their own size.
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <random>
#include <string>

namespace facesr {

enum class BlurKind { None, Gaussian, Average, Median, Motion };

// Every random choice of one sample, drawn up front so that a sample can be
// reproduced or built by hand.
struct BlindDegradationParams {
  bool gray = false;
  BlurKind blur = BlurKind::None;
  double blur_sigma = 0;         // Gaussian
  int blur_kernel = 0;           // Average, Median (odd), Motion (odd)
  double motion_angle = 0;       // degrees, clockwise
  double motion_direction = 0;   // in [-1, 1]: where the line's weight lies
  int scale_size = 0;            // the intermediate s×s size
  int interpolation = 0;         // cv::INTER_NEAREST(_EXACT)/LINEAR/AREA/CUBIC
  bool noise = false;
  double noise_sigma = 0;
  bool noise_per_channel = false;
  uint64_t noise_seed = 0;
  bool jpeg = false;
  int jpeg_quality = 0;
  bool lanczos_up = false;       // back to the frame with Lanczos instead of cubic
};

struct BlindSample {
  cv::Mat hr;  // CV_8UC3 RGB, size×size: the target
  cv::Mat lq;  // CV_8UC3 RGB, size×size: the network input
};

// The odds and ranges every draw follows. Blur sizes are in pixels of the
// frame the chain runs at.
struct BlindDegradationRanges {
  // SPARNetHD's at 512 (the defaults): ×4-×16 down and up, strong blur.
  static BlindDegradationRanges sparnethd();
  // facesr's restoration model at `size` ("blind"): a clean face with
  // p = 0.1, else down-and-up sampling from ×1 to ×8 (log-uniform), blur
  // scaled from SPARNetHD's 512 to `size` and reaching down to mild, and its
  // noise and JPEG; gray with p = 0.1. So the model sees faces as photos
  // hold them, from 1/8 of the frame to all of it, and learns to leave clean
  // ones be.
  static BlindDegradationRanges blind(int size);
  // The same with the blur (p = 0.3, Gaussian σ 0.25-1.5 px at 128), noise
  // (σ ≤ 15) and JPEG (p = 0.5, quality 40-96) of ordinary photos ("photo"),
  // milder than SPARNetHD's: most of the faces a whole photo holds. The face
  // is brought back to the frame with Lanczos, as `restore` takes a face
  // smaller than the frame into it.
  static BlindDegradationRanges photo(int size);
  // blind(size) or photo(size) by the recipe's and eval's names; throws
  // facesr::Error for another name.
  static BlindDegradationRanges named(const std::string& name, int size);

  double p_clean = 0;                                  // everything off: LQ = HR
  double p_gray = 0.3;
  double p_blur = 0.5;
  double gaussian_sigma[2] = {3.0, 15.0};
  int average_kernel[2] = {3, 15};
  int median_kernel[2] = {3, 15};                      // made odd
  int motion_kernel[2] = {5, 25};                      // made odd
  int scale_size[2] = {32, 127};                       // the intermediate s×s, uniform
  bool log_uniform_scale = false;                      // s log-uniform instead (each octave alike)
  double p_noise = 0.2;
  double noise_sigma[2] = {0.0, 25.5};
  double p_jpeg = 0.7;
  double jpeg_compression[2] = {10.0, 65.0};           // imgaug's c; quality round(1 + 99 (1 − c/101))
  bool lanczos_up = false;                             // the last resize with Lanczos (photo(): as `restore` warps)
  // Nearest-neighbour reduction samples the pixel under each new pixel's
  // centre (cv::INTER_NEAREST_EXACT, as PIL) instead of OpenCV's and imgaug's
  // top-left one, which moves the face by (f − 1)/2 px at a factor f (3.5 px
  // at ×8): a shift no real photo has, which a restoration model trained on it
  // learns to undo (and which made facesr's restorer 0.29 dB worse on mirrored
  // faces). Off for SPARNetHD's own recipe, which keeps the official chain.
  bool centred_nearest = false;
};

BlindDegradationParams draw_blind_degradation(std::mt19937_64& rng,
                                              const BlindDegradationRanges& ranges = BlindDegradationRanges::sparnethd());

// `rgb`: CV_8UC3 of any size; `size` is 512 in SPARNetHD.
BlindSample blind_degradation(const cv::Mat& rgb, const BlindDegradationParams& params, int size = 512);
BlindSample blind_degradation(const cv::Mat& rgb, std::mt19937_64& rng, int size = 512,
                               const BlindDegradationRanges& ranges = BlindDegradationRanges::sparnethd());
// A sample whose input differs from its target: the clean draw, and a draw
// that happens to leave the face as it was (no blur or resampling, noise
// too faint to round to a level, no JPEG), are drawn again. Validation and
// `eval --degrade` score restoring degraded faces; an unchanged input's
// PSNR is infinite and would make the mean infinite.
BlindSample changed_blind_degradation(const cv::Mat& rgb, std::mt19937_64& rng, int size,
                                      BlindDegradationRanges ranges);

// imgaug's GaussianBlur kernel size for `sigma` (its _compute_gaussian_blur_ksize).
int gaussian_blur_ksize(double sigma);

// imgaug's MotionBlur kernel: a k×k float kernel, summing to 1, holding a
// vertical line of weights linspace(d, 1 − d) with d = (direction + 1) / 2,
// quantised to uint8 and rotated clockwise by `angle` degrees.
cv::Mat motion_blur_kernel(int k, double angle, double direction);

}  // namespace facesr
