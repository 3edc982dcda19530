// A module's state (parameters and buffers) under the official checkpoint
// keys, and strict loading that says exactly which keys do not fit.
#pragma once

#include <torch/torch.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace facesr {

using StateEntries = std::vector<std::pair<std::string, torch::Tensor>>;

// Every parameter, then every buffer, of `module` and its children, keyed by
// dotted path (`encoder.0.conv2d.weight`), exactly like PyTorch's state_dict.
StateEntries state_entries(const torch::nn::Module& module);

// What a key of the module that the state lacks means.
enum class MissingKeys {
  Refuse,           // an error: the file is not for this model
  KeepInitialised,  // the module grew (e.g. deeper): those parameters keep their values
};

// Copies `state` into `module`. Every key must exist on both sides with the
// same shape (keys only the module has may be allowed by `missing`);
// otherwise throws facesr::Error listing the missing, unexpected and
// mis-shaped keys. `source` names the file in the message. Returns how many
// of the module's keys were left as they were.
size_t load_state(torch::nn::Module& module, const std::map<std::string, torch::Tensor>& state,
                  const std::string& source, MissingKeys missing = MissingKeys::Refuse);

// load_state from a safetensors file.
void load_weights(torch::nn::Module& module, const std::string& path);

// Writes the module's state to a safetensors file (atomically).
void save_weights(const torch::nn::Module& module, const std::string& path,
                  const std::map<std::string, std::string>& metadata = {});

}  // namespace facesr
