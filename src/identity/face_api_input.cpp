#include "identity/face_api_input.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "identity/face_recognition_net.h"

namespace facesr {

namespace {

// face-api's padToSquare(x, isCenterImage = true): round(diff / 2) after, the rest before.
torch::Tensor pad_to_square(const torch::Tensor& x) {
  const int64_t h = x.size(2), w = x.size(3);
  if (h == w) return x;
  const int64_t diff = std::abs(h - w), after = (diff + 1) / 2, before = diff - after;
  return h > w ? torch::constant_pad_nd(x, {before, after, 0, 0}) : torch::constant_pad_nd(x, {0, 0, before, after});
}

// Source rows (or columns) of TF's legacy bilinear resize from `in` to `out`:
// the lower and upper neighbours and the weight of the upper one.
struct Taps {
  torch::Tensor low, high, frac;
};

Taps taps(int64_t in, int64_t out, const torch::Device& device) {
  const double ratio = static_cast<double>(in) / static_cast<double>(out);
  std::vector<int64_t> low(out), high(out);
  std::vector<double> frac(out);
  for (int64_t i = 0; i < out; ++i) {
    const double source = ratio * static_cast<double>(i);
    const double floor = std::max(0.0, std::floor(source));
    low[i] = static_cast<int64_t>(floor);
    high[i] = std::min(in - 1, static_cast<int64_t>(std::ceil(source)));
    frac[i] = source - floor;
  }
  const auto index = torch::TensorOptions().dtype(torch::kLong);
  return {torch::tensor(low, index).to(device), torch::tensor(high, index).to(device),
          torch::tensor(frac, torch::TensorOptions().dtype(torch::kDouble)).to(device)};
}

// tfjs-backend-cpu's ResizeBilinear kernel, same operations in the same order.
torch::Tensor tf_resize_bilinear(const torch::Tensor& x, int64_t size) {
  if (x.size(2) == size && x.size(3) == size) return x.to(torch::kFloat);
  const Taps rows = taps(x.size(2), size, x.device()), cols = taps(x.size(3), size, x.device());
  const torch::Tensor x64 = x.to(torch::kDouble);
  const torch::Tensor top = x64.index_select(2, rows.low), bottom = x64.index_select(2, rows.high);
  const torch::Tensor col_frac = cols.frac.view({1, 1, 1, -1}), row_frac = rows.frac.view({1, 1, -1, 1});
  const torch::Tensor top_left = top.index_select(3, cols.low), top_right = top.index_select(3, cols.high);
  const torch::Tensor bottom_left = bottom.index_select(3, cols.low), bottom_right = bottom.index_select(3, cols.high);
  const torch::Tensor upper = top_left + (top_right - top_left) * col_frac;
  const torch::Tensor lower = bottom_left + (bottom_right - bottom_left) * col_frac;
  return (upper + (lower - upper) * row_frac).to(torch::kFloat);
}

}  // namespace

torch::Tensor face_api_input(const torch::Tensor& rgb255) {
  const torch::Tensor resized = tf_resize_bilinear(pad_to_square(rgb255), FaceRecognitionNetImpl::kInputSize);
  const torch::Tensor mean = torch::tensor({122.782f, 117.001f, 104.298f}, resized.options()).view({1, 3, 1, 1});
  return (resized - mean) / 255.0f;
}

}  // namespace facesr
