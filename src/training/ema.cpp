#include "training/ema.h"

#include "weights/state_dict.h"

namespace facesr::training {

ExponentialAverage::ExponentialAverage(torch::nn::Module& source, torch::nn::Module& average, double decay)
    : source_(source), average_(average), decay_(decay) {
  torch::NoGradGuard no_grad;
  const StateEntries from = state_entries(source_), to = state_entries(average_);
  for (size_t i = 0; i < from.size(); ++i) to[i].second.copy_(from[i].second);
}

void ExponentialAverage::update() {
  torch::NoGradGuard no_grad;
  const StateEntries from = state_entries(source_), to = state_entries(average_);
  for (size_t i = 0; i < from.size(); ++i) {
    if (to[i].second.is_floating_point())
      to[i].second.mul_(decay_).add_(from[i].second, 1.0 - decay_);
    else
      to[i].second.copy_(from[i].second);  // counters such as num_batches_tracked
  }
}

void ExponentialAverage::append_state(safetensors::NamedTensors& out, const std::string& prefix) const {
  for (const auto& [key, tensor] : state_entries(average_))
    out.emplace_back(prefix + key, tensor.detach().cpu().contiguous());
}

void ExponentialAverage::load_state(const std::map<std::string, torch::Tensor>& state, const std::string& prefix,
                                    const std::string& source) {
  std::map<std::string, torch::Tensor> own;
  for (const auto& [key, tensor] : state)
    if (key.rfind(prefix, 0) == 0) own.emplace(key.substr(prefix.size()), tensor);
  facesr::load_state(average_, own, source);
}

}  // namespace facesr::training
