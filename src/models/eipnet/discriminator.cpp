#include "models/eipnet/discriminator.h"

#include "models/tensor_checks.h"

namespace facesr::eipnet {

namespace {

struct ConvSpec {
  const char* name;
  int64_t in, out, stride;
};

// Stride 1 is TF "SAME" (pad 1), stride 2 "VALID" (no padding): 128 → 63 → 31 → 15.
constexpr ConvSpec kConvs[] = {{"di_conv1_1", 3, 128, 1},   {"di_conv1_2", 128, 128, 2}, {"di_conv2_1", 128, 256, 1},
                               {"di_conv2_2", 256, 256, 2}, {"di_conv3_1", 256, 256, 1}, {"di_conv3_2", 256, 512, 2},
                               {"di_conv4_1", 512, 512, 1}};
constexpr int64_t kSide = 15;

}  // namespace

EipnetDiscriminatorImpl::EipnetDiscriminatorImpl() {
  for (const ConvSpec& c : kConvs)
    convs_.push_back(register_module(
        c.name, torch::nn::Conv2d(torch::nn::Conv2dOptions(c.in, c.out, 3).stride(c.stride).padding(c.stride == 1))));
  dense_ = register_module("dense", torch::nn::Linear(kSide * kSide * 512, 512));
  dense_1_ = register_module("dense_1", torch::nn::Linear(512, 1));
}

torch::Tensor EipnetDiscriminatorImpl::forward(const torch::Tensor& x) {
  require_image_batch(x, 3, "EIPNet discriminator", 128);
  torch::Tensor h = x;
  for (size_t i = 0; i < convs_.size(); ++i) {
    h = convs_[i]->forward(h);
    if (i + 1 < convs_.size()) h = torch::leaky_relu(h, 0.2);
  }
  h = h.permute({0, 2, 3, 1}).flatten(1);  // TF's NHWC flatten
  return dense_1_->forward(torch::leaky_relu(dense_->forward(h), 0.2));
}

}  // namespace facesr::eipnet
