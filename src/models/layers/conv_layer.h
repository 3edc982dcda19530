// ConvLayer of the SPARNet/CTCNet blocks (common.md §5, sparnet.md §2.1):
// [nearest x2] -> ReflectionPad(k/2) -> Conv2d(stride 2 for Down) -> NormLayer -> ReluLayer.
// Children are named like the official module: `conv2d`, `relu`, `norm`.
#pragma once

#include <torch/torch.h>

#include "models/layers/norm_layer.h"
#include "onednn/conv_backend.h"
#include "models/layers/relu_layer.h"

namespace facesr {

enum class Scale { None, Up, Down };

struct ConvLayerOptions {
  ConvLayerOptions(int64_t in_channels, int64_t out_channels) : in_channels_(in_channels), out_channels_(out_channels) {}
  TORCH_ARG(int64_t, in_channels);
  TORCH_ARG(int64_t, out_channels);
  TORCH_ARG(int64_t, kernel_size) = 3;
  TORCH_ARG(Scale, scale) = Scale::None;
  TORCH_ARG(NormType, norm) = NormType::None;
  TORCH_ARG(ReluType, relu) = ReluType::None;
  // Off only for the discriminator's score layer, which then shrinks the map by k-1.
  TORCH_ARG(bool, use_pad) = true;
  // torch.nn.utils.spectral_norm on the conv (SPARNetHD): keys weight_orig/weight_u/weight_v.
  TORCH_ARG(bool, spectral_norm) = false;
};

class ConvLayerImpl : public torch::nn::Module, public UsesOneDnn {
 public:
  explicit ConvLayerImpl(const ConvLayerOptions& options);
  torch::Tensor forward(const torch::Tensor& x);

  // Inference only: folds an eval-mode BatchNorm into the convolution
  // (w·γ/√(σ²+ε), β − μ·γ/√(σ²+ε)) so that forward skips the norm. Returns
  // false (and changes nothing) for other norms or spectral-norm convs.
  // Weights loaded or trained afterwards are not seen by the folded path.
  bool fold_batch_norm();
  // Inference on CPU in float32 only, after fold_batch_norm: runs the
  // convolution, and a LeakyReLU after it, through oneDNN (Winograd where it
  // is faster). Returns false (and changes nothing) where the layer has a
  // norm left between them, a spectral-norm conv, or the build has no oneDNN.
  bool use_onednn(ConvMode mode) override;

  ConvLayerOptions options;

 private:
  int64_t stride() const;  // 2 for Down, else 1

  torch::Tensor folded_weight_, folded_bias_;  // defined once folded
  std::shared_ptr<OneDnnConv> onednn_;         // set by use_onednn
  torch::nn::AnyModule conv2d_;  // torch::nn::Conv2d or SpectralNormConv2d
  ReluLayer relu_{nullptr};
  NormLayer norm_{nullptr};
};
TORCH_MODULE(ConvLayer);

}  // namespace facesr
