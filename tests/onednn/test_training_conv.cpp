// The oneDNN training convolutions against LibTorch's conv2d and
// conv_transpose2d and their autograd: output and the gradients of input,
// weight and bias, for each algorithm, kernel, stride, padding and memory
// format, with or without bias; the Winograd shape rule; and when
// conv2d_for_training takes the oneDNN path.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "onednn/training_conv.h"
#include "training/autocast.h"
#include "parity.h"

namespace {

using facesr::ConvAlgorithm;
using facesr::test::relative_error;

struct Gradients {
  torch::Tensor out, x, weight, bias;
};

// Output and gradients of sum(out · probe) through `conv`.
template <typename Conv>
Gradients run(const Conv& conv, const torch::Tensor& x0, const torch::Tensor& w0, const torch::Tensor& b0,
              const torch::Tensor& probe) {
  torch::Tensor x = x0.clone().requires_grad_(true), w = w0.clone().requires_grad_(true);
  torch::Tensor b = b0.defined() ? b0.clone().requires_grad_(true) : torch::Tensor();
  torch::Tensor out = conv(x, w, b);
  (out * probe).sum().backward();
  return {out.detach(), x.grad(), w.grad(), b.defined() ? b.grad() : torch::Tensor()};
}

struct Case {
  int64_t n, c, k, kernel, side, stride, padding;
  bool bias, channels_last;
};

std::string describe(const Case& k) {
  return fmt::format("n{} c{} k{} kernel {} side {} stride {} padding {}{}{}", k.n, k.c, k.k, k.kernel, k.side,
                     k.stride, k.padding, k.bias ? " bias" : "", k.channels_last ? " NHWC" : " NCHW");
}

// Output and gradients of `ours` against LibTorch's `reference` in double.
template <typename Ours, typename Reference>
void expect_matches(const Case& k, const torch::Tensor& w, const Ours& ours, const Reference& reference, double bound) {
  SCOPED_TRACE(describe(k));
  torch::Tensor x = torch::randn({k.n, k.c, k.side, k.side});
  if (k.channels_last) x = x.contiguous(torch::MemoryFormat::ChannelsLast);
  const torch::Tensor b = k.bias ? torch::randn({k.k}) : torch::Tensor();
  torch::Tensor probe;
  {
    torch::NoGradGuard no_grad;
    probe = torch::randn(reference(x.to(torch::kDouble), w.to(torch::kDouble),
                                   b.defined() ? b.to(torch::kDouble) : b).sizes());
  }
  const Gradients want = run(reference, x.to(torch::kDouble), w.to(torch::kDouble),
                             b.defined() ? b.to(torch::kDouble) : b, probe.to(torch::kDouble));
  const Gradients got = run(ours, x, w, b, probe);
  EXPECT_LT(relative_error(got.out, want.out), bound);
  EXPECT_LT(relative_error(got.x, want.x), bound);
  EXPECT_LT(relative_error(got.weight, want.weight), bound);
  if (k.bias) {
    EXPECT_LT(relative_error(got.bias, want.bias), bound);
  }
  EXPECT_EQ(got.out.is_contiguous(torch::MemoryFormat::ChannelsLast) && !got.out.is_contiguous(), k.channels_last);
  EXPECT_EQ(got.x.sizes(), x.sizes());
}

}  // namespace

TEST(OneDnnTrainingConv, MatchesLibTorchGradientsForEachAlgorithm) {
  if (!facesr::onednn_available()) GTEST_SKIP() << "built without oneDNN";
  torch::manual_seed(11);
  const std::vector<Case> cases = {{2, 16, 32, 3, 18, 1, 0, true, false},  {4, 32, 32, 3, 16, 1, 1, false, false},
                                   {1, 3, 16, 3, 20, 1, 1, true, true},    {3, 64, 48, 3, 12, 1, 0, false, true},
                                   {2, 16, 24, 3, 17, 2, 0, true, false},  {2, 24, 8, 1, 9, 1, 0, true, true},
                                   {1, 8, 16, 12, 30, 8, 2, true, false}};  // DIC's down-projection
  for (const auto algorithm : {ConvAlgorithm::Direct, ConvAlgorithm::Winograd, ConvAlgorithm::Fastest}) {
    SCOPED_TRACE(::testing::Message() << "algorithm " << static_cast<int>(algorithm));
    for (const Case& k : cases) {
      const torch::Tensor w = torch::randn({k.k, k.c, k.kernel, k.kernel}) * 0.1;
      // Direct rounds like LibTorch's own kernels; Winograd's transforms round more.
      const bool winograd = algorithm != ConvAlgorithm::Direct && k.kernel == 3 && k.stride == 1;
      expect_matches(
          k, w, [&](const auto& x, const auto& w_, const auto& b) {
            return facesr::onednn_training_conv2d(x, w_, b, k.stride, k.padding, 1, algorithm);
          },
          [&](const auto& x, const auto& w_, const auto& b) { return torch::conv2d(x, w_, b, k.stride, k.padding); },
          winograd ? 1e-3 : 1e-5);
    }
  }
}

TEST(OneDnnTrainingConv, GroupedMatchesLibTorchGradients) {
  if (!facesr::onednn_available()) GTEST_SKIP() << "built without oneDNN";
  torch::manual_seed(13);
  // DIC's fusion block (5 groups of 48 at 32×32, here of 16) and CTCNet's depthwise convolutions.
  const std::vector<std::pair<Case, int64_t>> cases = {{{2, 80, 80, 3, 12, 1, 1, true, false}, 5},
                                                       {{2, 48, 48, 3, 10, 1, 1, false, true}, 48}};
  for (const auto& [k, groups] : cases) {
    SCOPED_TRACE(::testing::Message() << "groups " << groups);
    const torch::Tensor w = torch::randn({k.k, k.c / groups, 3, 3}) * 0.1;
    expect_matches(
        k, w, [&](const auto& x, const auto& w_, const auto& b) {
          return facesr::onednn_training_conv2d(x, w_, b, 1, k.padding, groups);
        },
        [&](const auto& x, const auto& w_, const auto& b) {
          return torch::conv2d(x, w_, b, 1, k.padding, /*dilation=*/1, groups);
        },
        1e-5);
  }
}

TEST(OneDnnTrainingConv, TransposedMatchesLibTorchGradients) {
  if (!facesr::onednn_available()) GTEST_SKIP() << "built without oneDNN";
  torch::manual_seed(12);
  // DIC's 12×12 stride-8 up-projection, CTCNet's 6×6 and EIPNet's 4×4 stride-2 up-sampling.
  const std::vector<Case> cases = {{1, 8, 16, 12, 4, 8, 2, true, false},
                                   {2, 16, 8, 6, 9, 2, 2, true, true},
                                   {2, 12, 20, 4, 7, 2, 1, false, false}};
  for (const Case& k : cases) {
    const torch::Tensor w = torch::randn({k.c, k.k, k.kernel, k.kernel}) * 0.1;  // in × out × kh × kw
    expect_matches(
        k, w, [&](const auto& x, const auto& w_, const auto& b) {
          return facesr::onednn_training_conv_transpose2d(x, w_, b, k.stride, k.padding);
        },
        [&](const auto& x, const auto& w_, const auto& b) {
          return torch::conv_transpose2d(x, w_, b, k.stride, k.padding);
        },
        1e-5);
  }
}

TEST(OneDnnTrainingConv, FastestTakesWinogradOnlyForWideLayersOnLargeMaps) {
  if (!facesr::onednn_available()) GTEST_SKIP() << "built without oneDNN";
  const auto passes = [](int64_t n, int64_t c, int64_t side) {
    const torch::Tensor x = torch::randn({n, c, side, side}, torch::requires_grad());
    const torch::Tensor w = torch::randn({c, c, 3, 3}, torch::requires_grad());
    facesr::onednn_training_conv2d(x, w, torch::Tensor(), 1, 1).sum().backward();
    const std::string prefix = fmt::format("{}×{}×{}×{} → {}, 3×3 stride 1 padding 1: ", n, c, side, side, c);
    for (const std::string& line : facesr::onednn_training_choices())
      if (line.rfind(prefix, 0) == 0) return line.substr(prefix.size());
    return std::string("not listed");
  };
  // oneDNN has F(4×4,3×3) kernels for all three passes only with AVX-512.
  const std::string wide = passes(4, 32, 16);
  EXPECT_TRUE(wide == "forward=winograd backward_data=winograd backward_weights=winograd" ||
              wide == "forward=direct backward_data=direct backward_weights=direct")
      << wide;
  EXPECT_EQ(passes(4, 16, 16), "forward=direct backward_data=direct backward_weights=direct");  // narrow
  EXPECT_EQ(passes(3, 64, 16), "forward=direct backward_data=direct backward_weights=direct");  // 768 pixels
}

TEST(OneDnnTrainingConv, OnlyTheGradientsAskedForAreComputed) {
  if (!facesr::onednn_available()) GTEST_SKIP() << "built without oneDNN";
  const torch::Tensor x = torch::randn({1, 8, 10, 10});  // a network's input: no gradient wanted
  const torch::Tensor w = torch::randn({8, 8, 3, 3}, torch::requires_grad());
  const torch::Tensor b = torch::randn({8});  // frozen
  const torch::Tensor w_ref = w.detach().clone().requires_grad_(true);
  facesr::onednn_training_conv2d(x, w, b, 1, 1, 1, ConvAlgorithm::Direct).square().sum().backward();
  torch::conv2d(x, w_ref, b, 1, 1).square().sum().backward();
  EXPECT_LT(relative_error(w.grad(), w_ref.grad()), 1e-5);
  EXPECT_FALSE(x.grad().defined());
}

TEST(OneDnnTrainingConv, ForTrainingTakesItOnlyWhereItApplies) {
  if (!facesr::onednn_available()) GTEST_SKIP() << "built without oneDNN";
  const torch::Tensor w = torch::randn({4, 4, 3, 3}, torch::requires_grad());
  const torch::Tensor x = torch::randn({1, 4, 8, 8}, torch::requires_grad());
  const auto ours = [](const torch::Tensor& out) {
    return out.grad_fn() && out.grad_fn()->name().find("OneDnnConvFunction") != std::string::npos;
  };
  EXPECT_TRUE(ours(facesr::conv2d_for_training(true, x, w, torch::Tensor(), 2, 1)));
  EXPECT_TRUE(ours(facesr::conv_transpose2d_for_training(true, x, w, torch::Tensor(), 2, 1)));
  EXPECT_FALSE(ours(facesr::conv2d_for_training(true, x.to(torch::kDouble), w.to(torch::kDouble), {}, 1, 1)));
  EXPECT_FALSE(ours(facesr::conv2d_for_training(true, x.detach(), w.detach(), {}, 1, 1)));  // nothing needs a gradient
  {
    const facesr::training::AutocastGuard bf16("bf16", torch::kCPU);  // LibTorch's conv2d casts
    const torch::Tensor out = facesr::conv2d_for_training(true, x, w, torch::Tensor(), 1, 1);
    EXPECT_FALSE(ours(out));
    EXPECT_EQ(out.scalar_type(), torch::kBFloat16);
  }
  EXPECT_FALSE(ours(facesr::conv2d_for_training(false, x, w, torch::Tensor(), 1, 1)));  // the layer's choice
  torch::NoGradGuard no_grad;
  const torch::Tensor plain = facesr::conv2d_for_training(true, x, w, torch::Tensor(), 1, 1);
  EXPECT_FALSE(plain.requires_grad());
  EXPECT_TRUE(torch::allclose(plain, torch::conv2d(x, w, {}, 1, 1)));
}
