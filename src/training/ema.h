// Exponential moving average of a generator (SPARNetHD keeps θ_H ← d·θ_H +
// (1−d)·θ_G over the whole state_dict after every step; the released weights
// are θ_H).
#pragma once

#include <torch/torch.h>

#include <map>
#include <string>

#include "io/safetensors.h"

namespace facesr::training {

class ExponentialAverage {
 public:
  // `average` starts as a copy of `source`'s state.
  ExponentialAverage(torch::nn::Module& source, torch::nn::Module& average, double decay);
  void update();
  void append_state(safetensors::NamedTensors& out, const std::string& prefix) const;
  void load_state(const std::map<std::string, torch::Tensor>& state, const std::string& prefix,
                  const std::string& source);

 private:
  torch::nn::Module& source_;
  torch::nn::Module& average_;
  double decay_;
};

}  // namespace facesr::training
