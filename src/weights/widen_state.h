// Growing a trained network wider (more channels) without changing what it
// computes, so that a training leg can add capacity and start from the
// shipped model's quality instead of from scratch.
#pragma once

#include <torch/torch.h>

#include <map>
#include <string>

#include "weights/state_dict.h"

namespace facesr {

// Returns `state` with every tensor that is narrower than the module's tensor
// under the same key (same rank, dims 0 and 1 no larger, the rest equal, at
// least one smaller) embedded into a copy of the module's own: the file's
// values fill the leading block, the new output channels keep the module's
// initialisation, and the new input channels of the old outputs are zeroed.
// For layers stored [out, in, ...] (convolutions, linear layers) and
// per-channel ones (biases, norms, PReLU) the old channels then compute
// exactly what they did, whatever the new ones hold, and training starts
// where the file left off. Tensors that do not fit this way are left as they
// are, so load_state still names them as mis-shaped.
std::map<std::string, torch::Tensor> widen_state(const StateEntries& module,
                                                 std::map<std::string, torch::Tensor> state);

}  // namespace facesr
