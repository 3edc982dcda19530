// torch::nn::Conv2d and ConvTranspose2d (same options, parameters and
// checkpoint keys) whose inference forward on CPU in float32 can run through
// OneDnnConv (made on the first such forward, so a layer whose parent runs
// it some other way costs no weight copy): Winograd, weights reordered once and NHWC activations for
// convolutions; oneDNN's deconvolution instead of LibTorch 1.13's GEMM +
// col2im for strided transposed ones, a flipped-kernel convolution for
// stride-1 ones. For the models built from plain LibTorch layers (DIC,
// CTCNet, EIPNet, SCGAN outside its blocks); SPARNet's ConvLayer has its own
// path.
#pragma once

#include <torch/torch.h>

#include <memory>
#include <optional>

#include "onednn/conv_backend.h"

namespace facesr {

class FastConv2dImpl : public torch::nn::Conv2dImpl, public UsesOneDnn {
 public:
  explicit FastConv2dImpl(const torch::nn::Conv2dOptions& options);

  torch::Tensor forward(const torch::Tensor& input);

  // Not for grouped, dilated or non-zero-padded layers (LibTorch keeps
  // those), nor in training mode. (Training runs plain layers, grouped ones
  // included, through conv2d_for_training, onednn/training_conv.h.)
  bool use_onednn(ConvMode mode) override;

 private:
  // Stride and padding, when the same along both axes, zero-padded and not
  // dilated; else -1.
  int64_t plain_stride_ = -1, plain_padding_ = -1;
  std::optional<ConvMode> onednn_mode_;  // set by use_onednn
  std::unique_ptr<OneDnnConv> onednn_;
};
TORCH_MODULE(FastConv2d);

class FastConvTranspose2dImpl : public torch::nn::ConvTranspose2dImpl, public UsesOneDnn {
 public:
  explicit FastConvTranspose2dImpl(const torch::nn::ConvTranspose2dOptions& options);

  // The signature of the base forward, so Sequential and AnyModule call this one.
  torch::Tensor forward(const torch::Tensor& input, const c10::optional<at::IntArrayRef>& output_size = c10::nullopt);

  // Not for grouped, dilated, output-padded or explicitly sized layers (none
  // in the zoo), nor in training mode.
  bool use_onednn(ConvMode mode) override;

 private:
  std::unique_ptr<OneDnnConv> make_onednn(ConvMode mode) const;
  // Stride 1 (square kernel, padding below it) is a plain convolution with the
  // kernel flipped and its in/out axes swapped: weight and padding of that one.
  bool is_flipped_convolution() const;
  torch::Tensor flipped_weight() const;
  int64_t flipped_padding() const;

  int64_t plain_stride_ = -1, plain_padding_ = -1;
  std::optional<ConvMode> onednn_mode_;
  std::unique_ptr<OneDnnConv> onednn_;
};
TORCH_MODULE(FastConvTranspose2d);

}  // namespace facesr
