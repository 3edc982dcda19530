#include "models/layers/hourglass.h"

#include <fmt/format.h>

#include "core/error.h"

namespace facesr {

namespace F = torch::nn::functional;

Hourglass::Hourglass(torch::nn::Module& owner, const HourglassOptions& options) {
  if (options.depth() < 1) throw Error(fmt::format("hourglass depth must be >= 1, got {}", options.depth()));
  const int64_t mid = options.mid_channels();
  auto conv = [&](const std::string& name, int64_t c_in, Scale scale) {
    return owner.register_module(name, ConvLayer(ConvLayerOptions(c_in, mid)
                                                     .scale(scale)
                                                     .norm(options.norm())
                                                     .relu(options.relu())
                                                     .spectral_norm(options.spectral_norm())));
  };
  // Official registration order: b1_d, b2_d, b1_{d-1}, b2_{d-1}, ..., b2_plus_1, b3_1, ..., b3_d.
  levels_.resize(options.depth());
  for (int level = options.depth(); level >= 1; --level) {
    const int64_t c_in = level == options.depth() ? options.in_channels() : mid;
    Level& l = levels_[options.depth() - level];
    l.b1 = conv(fmt::format("b1_{}", level), c_in, Scale::None);
    l.b2 = conv(fmt::format("b2_{}", level), c_in, Scale::Down);
  }
  bottom_ = conv("b2_plus_1", mid, Scale::None);
  for (int level = 1; level <= options.depth(); ++level) {
    levels_[options.depth() - level].b3 = conv(fmt::format("b3_{}", level), mid, Scale::Up);
  }
}

torch::Tensor Hourglass::forward(const torch::Tensor& x) { return forward_level(0, x); }

torch::Tensor Hourglass::forward_level(size_t level_index, const torch::Tensor& x) {
  Level& l = levels_[level_index];
  const auto up1 = l.b1->forward(x);
  const auto low1 = l.b2->forward(x);
  const auto low2 = level_index + 1 < levels_.size() ? forward_level(level_index + 1, low1) : bottom_->forward(low1);
  auto up2 = l.b3->forward(low2);
  // Odd sizes: the stride-2 path comes back one pixel larger; the official code resizes it (nearest).
  if (up2.sizes().slice(2) != up1.sizes().slice(2)) {
    up2 = F::interpolate(up2, F::InterpolateFuncOptions().size(up1.sizes().slice(2).vec()).mode(torch::kNearest));
  }
  return up1 + up2;
}

}  // namespace facesr
