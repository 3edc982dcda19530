#include "training/losses/dic_alignment.h"

#include "core/error.h"

namespace facesr::losses {

torch::Tensor dic_alignment(const std::vector<torch::Tensor>& heatmaps, const torch::Tensor& target) {
  if (heatmaps.empty()) throw Error("dic_alignment: no heatmap steps; pass DIC's per-step landmark outputs");
  torch::Tensor total = torch::zeros({}, target.options());
  for (const auto& step : heatmaps) {
    if (step.sizes() != target.sizes()) {
      throw Error("dic_alignment: heatmap " + c10::str(step.sizes()) + " vs target " + c10::str(target.sizes()) +
                  "; build targets with landmark_heatmaps at the hourglass resolution");
    }
    total = total + torch::mse_loss(step, target);
  }
  return total;
}

}  // namespace facesr::losses
