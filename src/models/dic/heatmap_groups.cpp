#include "models/dic/heatmap_groups.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>

#include "core/error.h"

namespace facesr::dic {

torch::Tensor merge_heatmaps_to_components(const torch::Tensor& heatmaps) {
  if (heatmaps.dim() != 4 || heatmaps.size(1) != kNumLandmarks) {
    throw Error(fmt::format("DIC heatmap merge: expected (B,{},H,W) landmark heatmaps, got {}", kNumLandmarks,
                            fmt::join(heatmaps.sizes(), "x")));
  }
  // A weak (or negative) peak is divided by 0.05, not by itself, so that
  // empty maps do not blow up.
  const auto peak = std::get<0>(std::get<0>(heatmaps.max(/*dim=*/2, /*keepdim=*/true)).max(/*dim=*/3, true));
  const auto normalised = heatmaps / peak.clamp_min(0.05);

  // [first, last) landmark index of each component, in channel order.
  constexpr std::array<std::array<int64_t, 2>, kNumComponents> kRanges{{{36, 42}, {42, 48}, {27, 36}, {48, 68}, {0, 27}}};
  std::vector<torch::Tensor> components;
  for (const auto& [first, last] : kRanges) components.push_back(normalised.slice(1, first, last).sum(1));
  return torch::stack(components, 1);
}

}  // namespace facesr::dic
