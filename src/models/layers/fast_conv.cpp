#include "models/layers/fast_conv.h"

#include "onednn/training_conv.h"

namespace facesr {

namespace {

// The one stride and padding of a layer oneDNN can take as it is: the same
// along both axes, no dilation; else {-1, -1}.
std::pair<int64_t, int64_t> plain_geometry(const torch::ExpandingArray<2>& stride,
                                           const torch::ExpandingArray<2>& padding,
                                           const torch::ExpandingArray<2>& dilation) {
  const bool plain = (*dilation)[0] == 1 && (*dilation)[1] == 1 && (*stride)[0] == (*stride)[1] &&
                     (*padding)[0] == (*padding)[1];
  return plain ? std::pair{(*stride)[0], (*padding)[0]} : std::pair<int64_t, int64_t>{-1, -1};
}

// Only in eval mode: OneDnnConv has no gradient.
bool runs_on_onednn(const std::optional<ConvMode>& mode, const torch::nn::Module& layer,
                    const torch::Tensor& input) {
  return mode && !layer.is_training() && input.device().is_cpu() && input.scalar_type() == torch::kFloat;
}

}  // namespace

FastConv2dImpl::FastConv2dImpl(const torch::nn::Conv2dOptions& o) : torch::nn::Conv2dImpl(o) {
  const auto* padding = c10::get_if<torch::ExpandingArray<2>>(&o.padding());  // not "same" or "valid"
  if (padding && c10::get_if<torch::enumtype::kZeros>(&o.padding_mode()))
    std::tie(plain_stride_, plain_padding_) = plain_geometry(o.stride(), *padding, o.dilation());
}

torch::Tensor FastConv2dImpl::forward(const torch::Tensor& input) {
  if (runs_on_onednn(onednn_mode_, *this, input)) {
    if (!onednn_)
      onednn_ = std::make_unique<OneDnnConv>(weight, bias, plain_stride_, plain_padding_, std::nullopt, *onednn_mode_);
    return onednn_->forward(input);
  }
  if (plain_stride_ >= 0)
    return conv2d_for_training(trains_with_onednn(), input, weight, bias, plain_stride_, plain_padding_, options.groups());
  return torch::nn::Conv2dImpl::forward(input);
}

bool FastConv2dImpl::use_onednn(ConvMode mode) {
  if (!onednn_available() || plain_stride_ < 0 || options.groups() != 1 || is_training()) return false;
  onednn_mode_ = mode;
  onednn_.reset();
  return true;
}

FastConvTranspose2dImpl::FastConvTranspose2dImpl(const torch::nn::ConvTranspose2dOptions& o)
    : torch::nn::ConvTranspose2dImpl(o) {
  if ((*o.output_padding())[0] == 0 && (*o.output_padding())[1] == 0 && o.groups() == 1)
    std::tie(plain_stride_, plain_padding_) = plain_geometry(o.stride(), o.padding(), o.dilation());
}

torch::Tensor FastConvTranspose2dImpl::forward(const torch::Tensor& input,
                                               const c10::optional<at::IntArrayRef>& output_size) {
  if (runs_on_onednn(onednn_mode_, *this, input) && !output_size) {
    if (!onednn_) onednn_ = make_onednn(*onednn_mode_);
    return onednn_->forward(input);
  }
  if (is_flipped_convolution() && !output_size) {
    // As make_onednn does, for training too: LibTorch 1.13's transposed path
    // (GEMM + col2im) took 21 ms forward for one of SCGAN's 1×1 layers at batch 4.
    return conv2d_for_training(trains_with_onednn(), input, flipped_weight(), bias, 1, flipped_padding());
  }
  if (plain_stride_ > 0 && !output_size)
    return conv_transpose2d_for_training(trains_with_onednn(), input, weight, bias, plain_stride_, plain_padding_);
  return torch::nn::ConvTranspose2dImpl::forward(input, output_size);
}

bool FastConvTranspose2dImpl::use_onednn(ConvMode mode) {
  if (!onednn_available() || plain_stride_ < 0 || is_training()) return false;
  onednn_mode_ = mode;
  onednn_.reset();
  return true;
}

std::unique_ptr<OneDnnConv> FastConvTranspose2dImpl::make_onednn(ConvMode mode) const {
  // oneDNN's deconvolution ran SCGAN's stride-1 1×1 layers 3-5× slower than the convolution.
  if (is_flipped_convolution())
    return std::make_unique<OneDnnConv>(flipped_weight(), bias, 1, flipped_padding(), std::nullopt, mode);
  return OneDnnConv::transposed(weight, bias, plain_stride_, plain_padding_, std::nullopt, mode.bf16);
}

bool FastConvTranspose2dImpl::is_flipped_convolution() const {
  return plain_stride_ == 1 && weight.size(2) == weight.size(3) && plain_padding_ < weight.size(2);
}

torch::Tensor FastConvTranspose2dImpl::flipped_weight() const { return weight.flip({2, 3}).transpose(0, 1); }

int64_t FastConvTranspose2dImpl::flipped_padding() const { return weight.size(2) - 1 - plain_padding_; }

}  // namespace facesr
