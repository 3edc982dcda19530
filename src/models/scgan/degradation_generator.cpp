#include "models/scgan/degradation_generator.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/error.h"
#include "models/scgan/generator_block.h"
#include "models/tensor_checks.h"

namespace facesr::scgan {

namespace nn = torch::nn;

namespace {

nn::Conv2d conv3x3(int64_t in, int64_t out) {
  return nn::Conv2d(nn::Conv2dOptions(in, out, 3).padding(1).bias(false));
}

}  // namespace

ScganDegradationGeneratorImpl::ScganDegradationGeneratorImpl() {
  noise_fc = register_module("noise_fc", nn::Linear(kNoiseSize, kImageSize * kImageSize));
  in_layer = register_module("in_layer", conv3x3(4, 96));

  // Widths of the 8 down blocks; the even-indexed ones halve the resolution.
  const int64_t down_widths[] = {96, 96, 128, 128, 256, 256, 512, 512};
  down_layers = register_module("down_layers", nn::Sequential());
  int64_t channels = 96;
  for (int i = 0; i < 8; ++i) {
    down_layers->push_back(ScganGeneratorBlock(channels, down_widths[i], /*downsample=*/i % 2 == 0));
    channels = down_widths[i];
  }

  up_layers = register_module("up_layers", nn::Sequential());
  for (const int64_t width : {128, 32}) {  // PixelShuffle(2) divides the channels by 4
    up_layers->push_back(nn::PixelShuffle(nn::PixelShuffleOptions(2)));
    up_layers->push_back(ScganGeneratorBlock(width, width));
    up_layers->push_back(ScganGeneratorBlock(width, width));
  }

  out_layer = register_module("out_layer", nn::Sequential(conv3x3(32, 8), nn::ReLU(), conv3x3(8, 3), nn::Tanh()));
}

torch::Tensor ScganDegradationGeneratorImpl::forward(torch::Tensor image, torch::Tensor z) {
  require_image_batch(image, 3, "SCGAN degradation generator", kImageSize);
  const int64_t batch = image.size(0);
  if (!z.defined() || z.numel() != batch * kNoiseSize || z.size(-1) != kNoiseSize) {
    throw Error(fmt::format("SCGAN degradation generator: expected noise z of shape {}x1x{} (one 64-vector per image), got {}",
                            batch, kNoiseSize, z.defined() ? fmt::format("{}", fmt::join(z.sizes(), "x")) : "none"));
  }
  const auto noise = noise_fc->forward(z).view({batch, 1, kImageSize, kImageSize});
  auto x = in_layer->forward(torch::cat({image, noise}, 1));
  return out_layer->forward(up_layers->forward(down_layers->forward(x)));
}

}  // namespace facesr::scgan
