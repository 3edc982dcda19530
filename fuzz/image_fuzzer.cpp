// Image reading and conversion (gray, alpha, 16-bit, EXIF orientation, odd
// sizes): any file either becomes an RGB8 image and a network tensor, or
// throws one facesr::Error.
#include <opencv2/core.hpp>

#include "core/error.h"
#include "fuzz_input_file.h"
#include "io/image.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = facesr::fuzz::write_input_file(data, size, ".img");
  try {
    const cv::Mat rgb = facesr::read_rgb8(path);
    if (rgb.type() != CV_8UC3 || rgb.empty()) __builtin_trap();  // read_rgb8's promise
    (void)facesr::rgb8_conversions(path, rgb);
    // Keep the tensor step affordable: it is size-independent code.
    const cv::Mat corner = rgb(cv::Rect(0, 0, std::min(rgb.cols, 64), std::min(rgb.rows, 64))).clone();
    const auto tensor = facesr::image_to_tensor(corner, facesr::ValueRange::MinusOneOne);
    (void)facesr::tensor_to_image(tensor, facesr::ValueRange::MinusOneOne, facesr::Quantize::Truncate);
  } catch (const facesr::Error&) {
  }
  return 0;
}
