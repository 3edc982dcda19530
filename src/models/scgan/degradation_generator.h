// SCGAN's degradation generators G_DHL (forward cycle) and G_DSL (backward
// cycle): one architecture with the same keys, trained as two separate
// networks (scgan.md §3.2). 64x64 face + noise z (N,1,64) -> 16x16 LR in [-1,1].
#pragma once

#include <torch/torch.h>

namespace facesr::scgan {

class ScganDegradationGeneratorImpl : public torch::nn::Module {
 public:
  static constexpr int64_t kImageSize = 64;  // the noise map is a fixed 64x64 plane
  static constexpr int64_t kNoiseSize = 64;

  ScganDegradationGeneratorImpl();

  // image (N,3,64,64) in [-1,1]; z holds N*64 values, official shape (N,1,64).
  torch::Tensor forward(torch::Tensor image, torch::Tensor z);

 private:
  torch::nn::Linear noise_fc{nullptr};  // z -> one 64x64 plane, concatenated after the image
  torch::nn::Conv2d in_layer{nullptr};
  torch::nn::Sequential down_layers{nullptr};  // 64² -> 4², 512 channels
  torch::nn::Sequential up_layers{nullptr};    // PixelShuffle x2 twice: 4² -> 16², 32 channels
  torch::nn::Sequential out_layer{nullptr};
};
TORCH_MODULE(ScganDegradationGenerator);

}  // namespace facesr::scgan
