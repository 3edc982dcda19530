// The FLOP counter against multiply-add counts worked out by hand.
#include <gtest/gtest.h>

#include <torch/torch.h>

#include "bench/flops.h"

namespace {

using facesr::bench::count_macs;

struct TinyNetImpl : torch::nn::Module {
  torch::nn::Conv2d conv{torch::nn::Conv2dOptions(3, 8, 3).padding(1)};
  torch::nn::Conv2d grouped{torch::nn::Conv2dOptions(8, 4, 3).stride(2).padding(1).groups(2)};
  torch::nn::ConvTranspose2d up{torch::nn::ConvTranspose2dOptions(4, 6, 4).stride(2).padding(1)};
  torch::nn::Linear fc{6, 10};
  TinyNetImpl() {
    register_module("conv", conv);
    register_module("grouped", grouped);
    register_module("up", up);
    register_module("fc", fc);
  }
  torch::Tensor forward(torch::Tensor x) {
    x = up(grouped(torch::relu(conv(x))));  // (N,3,16,16) -> (N,8,16,16) -> (N,4,8,8) -> (N,6,16,16)
    x = x.matmul(x.transpose(2, 3));       // an attention-like product, 16×16 by 16×16 per channel
    return fc(x.mean({2, 3}));              // (N,6) -> (N,10)
  }
};
TORCH_MODULE(TinyNet);

TEST(FlopCounter, TinyNetMatchesTheHandCount) {
  TinyNet net;
  const int64_t n = 2;
  const auto macs = count_macs([&] { net->forward(torch::rand({n, 3, 16, 16})); });
  // conv: every one of N×8×16×16 outputs sums 3 input channels × 3×3 taps.
  const int64_t conv = n * 8 * 16 * 16 * (3 * 3 * 3);
  // grouped, stride 2: N×4×8×8 outputs, each over 8/2 channels × 3×3.
  const int64_t grouped = n * 4 * 8 * 8 * (4 * 3 * 3);
  // transposed: each of N×4×8×8 inputs is spread over 6 channels × 4×4 taps.
  const int64_t up = n * 4 * 8 * 8 * (6 * 4 * 4);
  // matmul: N×6 products of 16×16 matrices, 16 multiply-adds per element;
  // linear: N rows × 6 inputs × 10 outputs (its bias add is not counted).
  const int64_t attention = n * 6 * 16 * 16 * 16;
  const int64_t fc = n * 6 * 10;
  EXPECT_EQ(macs.conv, conv + grouped + up);
  EXPECT_EQ(macs.matmul, attention + fc);
  EXPECT_EQ(macs.total(), conv + grouped + up + attention + fc);
  EXPECT_DOUBLE_EQ(macs.flops(), 2.0 * static_cast<double>(macs.total()));
}

TEST(FlopCounter, Vgg16SecondConvIsTheTextbookCount) {
  // VGG-16 conv1_2: 64 -> 64 channels, 3×3, 224×224, the often quoted
  // 1.85 G multiply-adds = 224·224·64·64·9.
  torch::nn::Conv2d conv(torch::nn::Conv2dOptions(64, 64, 3).padding(1).bias(false));
  torch::NoGradGuard no_grad;
  const auto macs = count_macs([&] { conv(torch::zeros({1, 64, 224, 224})); });
  EXPECT_EQ(macs.conv, 1849688064);
  EXPECT_EQ(macs.matmul, 0);
}

TEST(FlopCounter, CountsOnlyInsideTheWorkAndUnderInferenceMode) {
  torch::nn::Linear fc(4, 3);
  const auto x = torch::rand({5, 2, 4});  // 10 rows of 4 features
  torch::InferenceMode guard;
  const auto inside = count_macs([&] { fc(x); });
  fc(x);  // not counted by anything
  EXPECT_EQ(inside.matmul, 10 * 4 * 3);  // counted once, not again in the mm it calls
  EXPECT_EQ(inside.conv, 0);
  EXPECT_EQ(count_macs([] {}).total(), 0);
}

}  // namespace
