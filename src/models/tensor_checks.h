// Input validation shared by the networks: a wrong tensor shape becomes a
// one-line facesr::Error instead of a LibTorch stack trace deep in a conv.
#pragma once

#include <torch/torch.h>

#include <string>

namespace facesr {

// Throws facesr::Error unless `input` is a (N, channels, H, W) batch; when
// `size` > 0, H and W must both equal it.
void require_image_batch(const torch::Tensor& input, int64_t channels, const std::string& model, int64_t size = 0);

}  // namespace facesr
