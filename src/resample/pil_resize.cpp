#include "resample/pil_resize.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"

namespace facesr {

namespace {

double bicubic_weight(double x) {
  constexpr double a = -0.5;
  x = std::abs(x);
  if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
  if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
  return 0.0;
}

// The taps of one axis, Pillow's precompute_coeffs: output pixel i reads
// `count[i]` input pixels from `first[i]` on, with weights (summing to 1) at
// weights[i * stride ...].
struct Taps {
  int stride = 0;
  std::vector<int> first;
  std::vector<int> count;
  std::vector<double> weights;
};

Taps precompute_taps(int in_size, int out_size, const ResampleFilter& filter) {
  const double scale = static_cast<double>(in_size) / out_size;
  const double filterscale = std::max(scale, 1.0);
  const double support = filter.support * filterscale;
  const double inv_filterscale = 1.0 / filterscale;

  Taps taps;
  taps.stride = static_cast<int>(std::ceil(support)) * 2 + 1;
  taps.first.resize(out_size);
  taps.count.resize(out_size);
  taps.weights.assign(static_cast<size_t>(out_size) * taps.stride, 0.0);
  for (int xx = 0; xx < out_size; ++xx) {
    const double center = (xx + 0.5) * scale;
    // Pillow "rounds" the window ends with a truncating cast, then clips them.
    const int xmin = std::max(static_cast<int>(center - support + 0.5), 0);
    const int xmax = std::min(static_cast<int>(center + support + 0.5), in_size);
    double* k = &taps.weights[static_cast<size_t>(xx) * taps.stride];
    double sum = 0.0;
    for (int x = 0; x < xmax - xmin; ++x) {
      k[x] = filter.weight((x + xmin - center + 0.5) * inv_filterscale);
      sum += k[x];
    }
    if (sum != 0.0) {
      for (int x = 0; x < xmax - xmin; ++x) k[x] /= sum;
    }
    taps.first[xx] = xmin;
    taps.count[xx] = xmax - xmin;
  }
  return taps;
}

// Pillow's 8-bit path: 8 result bits, 2 bits of headroom for the negative
// lobes, the rest fraction; round half away from zero into fixed point, add a
// rounding offset to each sum and clip to 0..255 after each pass.
constexpr int kPrecisionBits = 32 - 8 - 2;

struct FixedPoint8 {
  using Pixel = uint8_t;
  using Weight = int32_t;
  using Sum = int32_t;
  static constexpr Sum kStart = 1 << (kPrecisionBits - 1);
  static Weight weight(double w) {
    const double scaled = w * (1 << kPrecisionBits);
    return static_cast<Weight>(w < 0 ? scaled - 0.5 : scaled + 0.5);
  }
  static Pixel store(Sum sum) { return static_cast<Pixel>(std::clamp(sum >> kPrecisionBits, 0, 255)); }
};

// Pillow's mode "F" path: double weights and sums, stored as float32.
struct Float32 {
  using Pixel = float;
  using Weight = double;
  using Sum = double;
  static constexpr Sum kStart = 0.0;
  static Weight weight(double w) { return w; }
  static Pixel store(Sum sum) { return static_cast<Pixel>(sum); }
};

template <typename Path>
std::vector<typename Path::Weight> weights_for(const Taps& taps) {
  std::vector<typename Path::Weight> weights(taps.weights.size());
  std::transform(taps.weights.begin(), taps.weights.end(), weights.begin(), Path::weight);
  return weights;
}

// out row y = input row (first_row + y) resampled along x.
template <typename Path>
void horizontal_pass(const cv::Mat& in, int first_row, const Taps& taps, cv::Mat& out) {
  using Pixel = typename Path::Pixel;
  const auto weights = weights_for<Path>(taps);
  const int channels = in.channels();
  for (int y = 0; y < out.rows; ++y) {
    const Pixel* src = in.ptr<Pixel>(first_row + y);
    Pixel* dst = out.ptr<Pixel>(y);
    for (int xx = 0; xx < out.cols; ++xx) {
      const auto* k = &weights[static_cast<size_t>(xx) * taps.stride];
      const Pixel* window = src + static_cast<size_t>(taps.first[xx]) * channels;
      for (int c = 0; c < channels; ++c) {
        typename Path::Sum sum = Path::kStart;
        for (int x = 0; x < taps.count[xx]; ++x) sum += window[x * channels + c] * k[x];
        dst[xx * channels + c] = Path::store(sum);
      }
    }
  }
}

template <typename Path>
void vertical_pass(const cv::Mat& in, const Taps& taps, cv::Mat& out) {
  using Pixel = typename Path::Pixel;
  const auto weights = weights_for<Path>(taps);
  const int row_values = in.cols * in.channels();  // every channel of every column is resampled alike
  for (int yy = 0; yy < out.rows; ++yy) {
    const auto* k = &weights[static_cast<size_t>(yy) * taps.stride];
    Pixel* dst = out.ptr<Pixel>(yy);
    for (int i = 0; i < row_values; ++i) {
      typename Path::Sum sum = Path::kStart;
      for (int y = 0; y < taps.count[yy]; ++y) sum += in.ptr<Pixel>(taps.first[yy] + y)[i] * k[y];
      dst[i] = Path::store(sum);
    }
  }
}

// Pillow's ImagingResampleInner: horizontal pass first, over only the rows
// the vertical pass reads; a pass whose size is unchanged is skipped.
template <typename Path>
cv::Mat resample(const cv::Mat& image, cv::Size size, const ResampleFilter& filter) {
  Taps vertical = precompute_taps(image.rows, size.height, filter);
  cv::Mat source = image;
  if (size.width != image.cols) {
    const int first_row = vertical.first.front();
    const int end_row = vertical.first.back() + vertical.count.back();
    for (int& first : vertical.first) first -= first_row;
    cv::Mat rows(end_row - first_row, size.width, image.type());
    horizontal_pass<Path>(image, first_row, precompute_taps(image.cols, size.width, filter), rows);
    source = rows;
  }
  if (size.height == image.rows) return source;
  cv::Mat out(size, image.type());
  vertical_pass<Path>(source, vertical, out);
  return out;
}

}  // namespace

const ResampleFilter kPilBicubic{bicubic_weight, 2.0};

cv::Mat pil_resize(const cv::Mat& image, cv::Size size, const ResampleFilter& filter) {
  if (image.empty()) throw Error("pil_resize: the image is empty; pass an image with at least one pixel");
  if (size.width < 1 || size.height < 1) {
    throw Error("pil_resize: target size " + std::to_string(size.width) + "x" + std::to_string(size.height) +
                " is not positive; pass a width and height of at least 1");
  }
  const bool pillow_8bit = image.depth() == CV_8U && (image.channels() == 1 || image.channels() == 3 ||
                                                      image.channels() == 4);
  if (!pillow_8bit && image.depth() != CV_32F) {
    throw Error("pil_resize: unsupported image type " + cv::typeToString(image.type()) +
                "; convert it to CV_8UC1, CV_8UC3, CV_8UC4 or CV_32F");
  }
  if (size == image.size()) return image.clone();
  return pillow_8bit ? resample<FixedPoint8>(image, size, filter) : resample<Float32>(image, size, filter);
}

}  // namespace facesr
