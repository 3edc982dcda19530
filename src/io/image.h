// Image files <-> 8-bit RGB matrices <-> network tensors, with the value
// ranges and uint8 conventions of each paper (../shared/specs/common.md §1).
#pragma once

#include <torch/torch.h>

#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace facesr {

// Value range of a network's input and output tensors.
enum class ValueRange {
  ZeroOne,      // x / 255
  MinusOneOne,  // (x / 255 - 0.5) / 0.5, as torchvision Normalize(0.5, 0.5)
  ZeroTo255,    // x as float, not normalised (EIPNet)
};

// How a float image in 0..255 becomes uint8 in the official test scripts.
enum class Quantize {
  Truncate,  // SPARNet/CTCNet: clip, then a truncating cast
  Round,     // DIC: clamp, then round half to even (torch.round)
};

// Images above this many pixels are refused before decoding finishes.
constexpr int64_t kMaxImagePixels = int64_t{1} << 28;  // 268 megapixels

// Reads any image OpenCV decodes as 8-bit RGB (CV_8UC3, RGB order): EXIF
// rotation applied, grayscale replicated, alpha dropped, 16-bit scaled to 8.
// Throws facesr::Error naming the file for a missing, empty, huge, corrupt or
// non-image file.
cv::Mat read_rgb8(const std::string& path);

// What read_rgb8 changed to turn `path` into `rgb` (its result), as short
// phrases for a note to the user: "grayscale, replicated to RGB", "alpha
// channel dropped", "16-bit, reduced to 8-bit", "EXIF orientation applied".
// Empty for a plain 8-bit RGB file. Decodes the file a second time.
std::vector<std::string> rgb8_conversions(const std::string& path, const cv::Mat& rgb);

// Writes an RGB8 image (CV_8UC3, RGB order); the format follows the
// extension. The file appears atomically.
void write_rgb8(const std::string& path, const cv::Mat& rgb);

// RGB8 HxWx3 → float32 tensor 1x3xHxW in `range`.
torch::Tensor image_to_tensor(const cv::Mat& rgb, ValueRange range);

// Float tensor 1x3xHxW or 3xHxW in `range` → RGB8 HxWx3.
cv::Mat tensor_to_image(const torch::Tensor& tensor, ValueRange range, Quantize quantize);

}  // namespace facesr
