// An exponential moving average of a generator (SPARNetHD's netH, sparnet.md
// §5.2): a copy that starts equal to the generator and then follows it by
// θ_H ← decay·θ_H + (1 − decay)·θ_G over the whole state dict — parameters and
// floating-point buffers alike, spectral-norm u/v included; integer buffers
// (BatchNorm's counters) are copied. The released SPARNetHD weights are θ_H.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "io/safetensors.h"
#include "models/registry.h"

namespace facesr::training {

class EmaWeights {
 public:
  // `copy` is a second instance of the generator's architecture; it becomes
  // an exact copy of `source` and is kept in eval mode without gradients.
  EmaWeights(std::shared_ptr<SRNetwork> copy, const torch::nn::Module& source, double decay);

  void update(const torch::nn::Module& source);
  SRNetwork& network() { return *copy_; }

  // Checkpoint entries "H.net.<key>".
  void append_state(safetensors::NamedTensors& out) const;
  // Throws facesr::Error naming `source` when the checkpoint lacks them.
  void load_state(const std::map<std::string, torch::Tensor>& state, const std::string& source);

 private:
  std::shared_ptr<SRNetwork> copy_;
  double decay_;
};

}  // namespace facesr::training
