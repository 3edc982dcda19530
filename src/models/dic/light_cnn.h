// LightCNN-9 (Wu et al.; official code/networks/modules/light_cnn.py) as
// DICGAN uses it: the discriminator D (network_9layers) and the frozen
// perceptual feature extractor Phi (LightCNNFeatureExtractor), dic.md §8.
// Both take a 3x128x128 image in DIC's mean-shifted space.
#pragma once

#include <torch/torch.h>

namespace facesr::dic {

// Max-feature-map: a conv (or linear) layer "filter" with twice the output
// channels, followed by the element-wise max of the two channel halves.
class MfmImpl : public torch::nn::Module {
 public:
  // Convolutional MFM.
  MfmImpl(int64_t in_channels, int64_t out_channels, int64_t kernel, int64_t stride, int64_t padding);
  // Fully connected MFM on (B,in_features).
  MfmImpl(int64_t in_features, int64_t out_features);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  int64_t out_channels_;
  torch::nn::Conv2d conv_{nullptr};
  torch::nn::Linear linear_{nullptr};
};
TORCH_MODULE(Mfm);

// MFM 1x1 (in -> in) then MFM kxk (in -> out) (official `group`).
class MfmGroupImpl : public torch::nn::Module {
 public:
  MfmGroupImpl(int64_t in_channels, int64_t out_channels);
  torch::Tensor forward(const torch::Tensor& x) { return conv->forward(conv_a->forward(x)); }

 private:
  Mfm conv_a{nullptr};
  Mfm conv{nullptr};
};
TORCH_MODULE(MfmGroup);

// The shared convolutional trunk: 3x128x128 -> 128x8x8 (children 0..8, the
// max-pools included, as in the official nn.Sequential).
torch::nn::Sequential light_cnn_features();

// DICGAN discriminator: trunk, flatten, MFM-linear 8192->256, LeakyReLU 0.2,
// Linear 256->1. Returns raw logits (B,1).
class LightCNNDiscriminatorImpl : public torch::nn::Module {
 public:
  LightCNNDiscriminatorImpl();
  torch::Tensor forward(const torch::Tensor& image);

 private:
  torch::nn::Sequential features{nullptr};
  torch::nn::Sequential classifier{nullptr};
};
TORCH_MODULE(LightCNNDiscriminator);

// DICGAN perceptual feature extractor: the trunk only, (B,128,H/16,W/16),
// i.e. 128x8x8 for the 128x128 faces DICGAN compares.
// Its parameters do not require gradients (frozen pretrained weights).
class LightCNNFeatureExtractorImpl : public torch::nn::Module {
 public:
  LightCNNFeatureExtractorImpl();
  torch::Tensor forward(const torch::Tensor& image);

 private:
  torch::nn::Sequential features{nullptr};
};
TORCH_MODULE(LightCNNFeatureExtractor);

}  // namespace facesr::dic
