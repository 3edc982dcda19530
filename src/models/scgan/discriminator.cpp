#include "models/scgan/discriminator.h"

#include <fmt/format.h>

#include "core/error.h"
#include "models/tensor_checks.h"

namespace facesr::scgan {

namespace nn = torch::nn;

namespace {

constexpr int64_t kFinalSize = 4;  // every input is pooled down to 4x4
const std::vector<int64_t> kWidths = {128, 128, 256, 256, 512, 512};

nn::MaxPool2d half() { return nn::MaxPool2d(nn::MaxPool2dOptions(2).stride(2)); }

}  // namespace

ScganDiscriminatorBlockImpl::ScganDiscriminatorBlockImpl(int64_t in_channels, int64_t out_channels, bool downsample) {
  conv1 = register_module("conv1", PowerIterationSNConv2d(in_channels, out_channels, 3, /*bias=*/false));
  conv2 = register_optionally_pooled(*this, "conv2", downsample, half(),
                                     PowerIterationSNConv2d(out_channels, out_channels, 3, /*bias=*/false));
  if (in_channels != out_channels || downsample) {
    skip = register_optionally_pooled(*this, "skip", downsample, half(),
                                      PowerIterationSNConv2d(in_channels, out_channels, 1, /*bias=*/true));
  }
}

torch::Tensor ScganDiscriminatorBlockImpl::forward(torch::Tensor x) {
  const auto body = conv2(torch::relu(conv1->forward(torch::relu(x))));
  return body + (skip ? skip(x) : x);
}

ScganDiscriminatorImpl::ScganDiscriminatorImpl(int64_t input_size) : input_size_(input_size) {
  if (input_size != 16 && input_size != 64) {
    throw Error(fmt::format("SCGAN discriminator: input_size must be 16 (LR) or 64 (HR), got {}", input_size));
  }
  // The last log2(input_size / 4) blocks halve the resolution: 2 for D16, 4 for D64.
  const size_t first_pooled = kWidths.size() - (input_size == 64 ? 4 : 2);
  residual_blocks = register_module("residual_blocks", nn::Sequential());
  int64_t channels = 3;
  for (size_t i = 0; i < kWidths.size(); ++i) {
    residual_blocks->push_back(ScganDiscriminatorBlock(channels, kWidths[i], /*downsample=*/i >= first_pooled));
    channels = kWidths[i];
  }
  out_layer = register_module("out_layer", nn::Sequential(PowerIterationSNLinear(channels * kFinalSize * kFinalSize, 512),
                                                          nn::ReLU(), PowerIterationSNLinear(512, 1)));
}

torch::Tensor ScganDiscriminatorImpl::forward(torch::Tensor x) {
  require_image_batch(x, 3, fmt::format("SCGAN discriminator D{}", input_size_), input_size_);
  return out_layer->forward(residual_blocks->forward(x).flatten(1));
}

}  // namespace facesr::scgan
