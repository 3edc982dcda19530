#include "models/dic/light_cnn.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/error.h"
#include "models/tensor_checks.h"

namespace facesr::dic {

namespace {

constexpr int64_t kImageSize = 128;
constexpr int64_t kTrunkChannels = 128;
constexpr int64_t kTrunkSize = 8;

torch::nn::MaxPool2d max_pool() { return torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2).stride(2).ceil_mode(true)); }

// DICGAN feeds 3x128x128 faces; the discriminator's fully connected layer
// requires exactly that size, the convolutional trunk only needs RGB.
void check_image(const torch::Tensor& image, const char* who, bool exact_size) {
  require_image_batch(image, 3, who, exact_size ? kImageSize : 0);
}

}  // namespace

MfmImpl::MfmImpl(int64_t in_channels, int64_t out_channels, int64_t kernel, int64_t stride, int64_t padding)
    : out_channels_(out_channels) {
  conv_ = register_module("filter", torch::nn::Conv2d(torch::nn::Conv2dOptions(in_channels, 2 * out_channels, kernel)
                                                          .stride(stride)
                                                          .padding(padding)));
}

MfmImpl::MfmImpl(int64_t in_features, int64_t out_features) : out_channels_(out_features) {
  linear_ = register_module("filter", torch::nn::Linear(in_features, 2 * out_features));
}

torch::Tensor MfmImpl::forward(const torch::Tensor& x) {
  const auto y = conv_ ? conv_->forward(x) : linear_->forward(x);
  const auto halves = y.split(out_channels_, 1);
  return torch::max(halves[0], halves[1]);
}

MfmGroupImpl::MfmGroupImpl(int64_t in_channels, int64_t out_channels)
    : conv_a(register_module("conv_a", Mfm(in_channels, in_channels, 1, 1, 0))),
      conv(register_module("conv", Mfm(in_channels, out_channels, 3, 1, 1))) {}

torch::nn::Sequential light_cnn_features() {
  return torch::nn::Sequential(Mfm(3, 48, 5, 1, 2), max_pool(), MfmGroup(48, 96), max_pool(), MfmGroup(96, 192),
                               max_pool(), MfmGroup(192, 128), MfmGroup(128, kTrunkChannels), max_pool());
}

LightCNNDiscriminatorImpl::LightCNNDiscriminatorImpl()
    : features(register_module("features", light_cnn_features())),
      classifier(register_module(
          "classifier",
          torch::nn::Sequential(Mfm(kTrunkChannels * kTrunkSize * kTrunkSize, 256),
                                torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(0.2)),
                                torch::nn::Linear(256, 1)))) {}

torch::Tensor LightCNNDiscriminatorImpl::forward(const torch::Tensor& image) {
  check_image(image, "LightCNN discriminator", /*exact_size=*/true);
  return classifier->forward(features->forward(image).flatten(1));
}

LightCNNFeatureExtractorImpl::LightCNNFeatureExtractorImpl() : features(register_module("features", light_cnn_features())) {
  for (auto& p : features->parameters()) p.set_requires_grad(false);
}

torch::Tensor LightCNNFeatureExtractorImpl::forward(const torch::Tensor& image) {
  check_image(image, "LightCNN feature extractor", /*exact_size=*/false);
  return features->forward(image);
}

}  // namespace facesr::dic
