// Speed settings for running a zoo network at inference, each kept only
// because it measured faster on CPU without changing the output beyond
// float32 rounding (bench/README.md has the numbers).
#pragma once

#include <torch/torch.h>

#include <string>

#include "onednn/conv_backend.h"
#include "models/registry.h"

namespace facesr {

struct InferenceTuning {
  // Eval-mode BatchNorm folded into the preceding convolution (SPARNet-style
  // ConvLayers): one memory pass less per layer, same result up to rounding.
  bool fold_batch_norm = false;
  // Weights and activations in NHWC, which oneDNN's convolutions prefer.
  bool channels_last = false;
  // Convolutions run by oneDNN directly, Winograd where it measures faster
  // (float32 CPU only; onednn/conv_backend.h): those of every module that
  // implements UsesOneDnn. Off unless asked (default_tuning asks on CPU).
  ConvBackend conv{false, ConvAlgorithm::Fastest};
  // Largest number of images per forward pass (0: the whole batch at once).
  // Big batches of 128×128 feature maps fall out of cache; smaller chunks
  // give the same per-image results faster.
  int micro_batch = 0;
  // Element type of weights and activations (float32 unless asked).
  torch::ScalarType dtype = torch::kFloat;
};

// What FaceUpscaler uses for `model` on `device`.
InferenceTuning default_tuning(const torch::Device& device, const ModelSpec& model);

// Why `conv` cannot run bf16 convolutions on `device`, as the end of a
// sentence ("needs a CPU with AVX512_BF16; ..."), or "" where it can: one
// check for `--bf16` and `--tuning bf16` alike.
std::string bf16_unavailable(const ConvBackend& conv, const torch::Device& device);

// "default", "none", or a comma list of fold_bn, channels_last,
// onednn[=direct|winograd], bf16 (with onednn), micro_batch=N
// (for `facesr bench --tuning`). Throws facesr::Error naming the bad item.
InferenceTuning parse_tuning(const std::string& text, const torch::Device& device, const ModelSpec& model);
std::string describe(const InferenceTuning& tuning);

// Moves `network` to `device` and the tuning's dtype and memory format, in
// eval mode. Call once, before run_network.
void prepare_network(SRNetwork& network, const torch::Device& device, const InferenceTuning& tuning);

// The network's output for `input` (N×3×S×S float32 on any device), as
// float32 NCHW on the network's device. Call under torch::InferenceMode.
torch::Tensor run_network(SRNetwork& network, const torch::Tensor& input, const torch::Device& device,
                          const InferenceTuning& tuning);

}  // namespace facesr
