// OneDnnConv against LibTorch's conv2d (+ leaky ReLU) for each algorithm and
// conv_transpose2d, and the modules using it (ConvLayer, FastConv2d,
// FastConvTranspose2d) against their own LibTorch path.
#include <gtest/gtest.h>

#include "core/error.h"
#include "models/layers/conv_layer.h"
#include "models/layers/fast_conv.h"
#include "onednn/conv.h"
#include "parity.h"

namespace {

using facesr::ConvAlgorithm;
using facesr::OneDnnConv;

struct Case {
  int64_t n, c, k, kernel, side, stride, padding;
  bool bias;
  std::optional<float> slope;
};

torch::Tensor reference(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b, const Case& k) {
  torch::Tensor out = torch::conv2d(x.to(torch::kDouble), w.to(torch::kDouble),
                                    b.defined() ? b.to(torch::kDouble) : torch::Tensor(), {k.stride, k.stride},
                                    {k.padding, k.padding});
  return k.slope ? torch::leaky_relu(out, *k.slope) : out;
}

using facesr::test::relative_error;

}  // namespace

TEST(OneDnnConv, MatchesLibTorchForEveryAlgorithm) {
  if (!facesr::onednn_available()) GTEST_SKIP() << "built without oneDNN";
  torch::NoGradGuard no_grad;
  torch::manual_seed(7);
  const std::vector<Case> cases = {{2, 16, 32, 3, 18, 1, 0, true, 0.2f},  {1, 3, 16, 3, 20, 1, 0, true, std::nullopt},
                                   {3, 32, 16, 3, 17, 2, 0, false, 0.0f}, {2, 16, 8, 1, 9, 1, 0, true, 0.2f},
                                   {16, 64, 64, 3, 34, 1, 0, true, 0.2f}, {4, 32, 32, 3, 16, 1, 1, false, 0.0f},
                                   {2, 8, 16, 3, 11, 2, 1, true, std::nullopt},
                                   // DIC's strided projections, padded (on AVX2 oneDNN offers only its GEMM
                                   // fallback for these, so OneDnnConv pads them in a copy instead).
                                   {1, 6, 5, 12, 36, 8, 2, true, std::nullopt}, {2, 4, 6, 8, 22, 4, 2, false, 0.2f}};
  for (const Case& k : cases) {
    const torch::Tensor x = torch::randn({k.n, k.c, k.side, k.side});
    const torch::Tensor w = torch::randn({k.k, k.c, k.kernel, k.kernel}) / std::sqrt(double(k.c * k.kernel * k.kernel));
    const torch::Tensor b = k.bias ? torch::randn({k.k}) : torch::Tensor();
    const torch::Tensor want = reference(x, w, b, k);
    for (const auto algorithm : {ConvAlgorithm::Direct, ConvAlgorithm::Winograd, ConvAlgorithm::Fastest}) {
      OneDnnConv conv(w, b, k.stride, k.padding, k.slope, algorithm);
      for (const auto format : {torch::MemoryFormat::Contiguous, torch::MemoryFormat::ChannelsLast}) {
        const torch::Tensor got = conv.forward(x.contiguous(format));
        SCOPED_TRACE(testing::Message() << "case " << k.n << "x" << k.c << "->" << k.k << " k" << k.kernel << " s"
                                        << k.stride << " p" << k.padding << " algorithm " << conv.algorithms().front());
        ASSERT_EQ(got.sizes(), want.sizes());
        EXPECT_TRUE(got.is_contiguous(torch::MemoryFormat::ChannelsLast));
        // Winograd's transforms round more than direct convolution, still far below 8-bit output steps.
        EXPECT_LT(relative_error(got, want), conv.algorithms().front() == "winograd" ? 1e-4 : 1e-5);
      }
      ASSERT_EQ(conv.algorithms().size(), 1u);  // one plan per input shape, reused
      if (algorithm == ConvAlgorithm::Direct) {
        EXPECT_EQ(conv.algorithms().front(), "direct");
      }
      if (algorithm == ConvAlgorithm::Winograd && (k.kernel != 3 || k.stride != 1)) {
        EXPECT_EQ(conv.algorithms().front(), "direct");  // oneDNN has Winograd for 3×3 stride 1 only
      }
    }
  }
}

// Fastest runs Winograd exactly where winograd_pays says (and oneDNN has a
// kernel: forcing Winograd on the same shape tells), else direct.
TEST(OneDnnConv, FastestFollowsTheWinogradRule) {
  if (!facesr::onednn_available()) GTEST_SKIP() << facesr::kBuiltWithoutOneDnn;
  torch::NoGradGuard no_grad;
  struct Shape {
    int64_t n, channels, side;
    bool pays;
  };
  for (const Shape& s : {Shape{1, 64, 32, true}, Shape{4, 32, 16, true}, Shape{1, 64, 16, false},
                         Shape{4, 16, 32, false}, Shape{1, 31, 64, false}}) {
    SCOPED_TRACE(testing::Message() << s.n << "×" << s.channels << "×" << s.side << "²");
    ASSERT_EQ(facesr::winograd_pays(s.channels, s.channels, s.n * s.side * s.side), s.pays);
    const torch::Tensor w = torch::randn({s.channels, s.channels, 3, 3}) / 24.0, b = torch::randn({s.channels});
    const torch::Tensor x = torch::randn({s.n, s.channels, s.side, s.side});
    OneDnnConv fastest(w, b, 1, 1, 0.2f), forced(w, b, 1, 1, 0.2f, ConvAlgorithm::Winograd);
    fastest.forward(x);
    forced.forward(x);
    EXPECT_EQ(fastest.algorithms().front(), s.pays ? forced.algorithms().front() : "direct");
  }
}

TEST(OneDnnConv, KeepsOnePlanPerInputShape) {
  if (!facesr::onednn_available()) GTEST_SKIP() << "built without oneDNN";
  torch::NoGradGuard no_grad;
  OneDnnConv conv(torch::randn({4, 2, 3, 3}), torch::randn({4}), 1, 0, std::nullopt, ConvAlgorithm::Direct);
  EXPECT_EQ(conv.forward(torch::randn({1, 2, 8, 8})).sizes(), (std::vector<int64_t>{1, 4, 6, 6}));
  EXPECT_EQ(conv.forward(torch::randn({2, 2, 10, 12})).sizes(), (std::vector<int64_t>{2, 4, 8, 10}));
  EXPECT_EQ(conv.algorithms().size(), 2u);
}

TEST(OneDnnConv, RejectsAnInputItCannotRun) {
  if (!facesr::onednn_available()) GTEST_SKIP() << "built without oneDNN";
  torch::NoGradGuard no_grad;
  OneDnnConv conv(torch::randn({4, 2, 3, 3}), torch::Tensor(), 1, 0, std::nullopt);
  EXPECT_THROW(conv.forward(torch::randn({1, 2, 8, 8}, torch::kDouble)), facesr::Error);
  EXPECT_THROW(conv.forward(torch::randn({1, 3, 8, 8})), facesr::Error);
}

TEST(OneDnnConv, ConvLayerGivesItsLibTorchResult) {
  if (!facesr::onednn_available()) GTEST_SKIP() << "built without oneDNN";
  using facesr::NormType;
  using facesr::ReluType;
  using facesr::Scale;
  torch::manual_seed(3);
  for (const auto scale : {Scale::None, Scale::Up, Scale::Down})
    for (const auto relu : {ReluType::None, ReluType::LeakyReLU, ReluType::PReLU})
      for (const auto norm : {NormType::Batch, NormType::None}) {
        facesr::ConvLayer layer(facesr::ConvLayerOptions(8, 16).scale(scale).relu(relu).norm(norm));
        {
          torch::NoGradGuard no_grad;
          for (auto& p : layer->parameters()) p.uniform_(-0.5, 0.5);
          for (auto& b : layer->buffers())
            if (b.dtype() == torch::kFloat) b.uniform_(0.5, 1.5);  // running mean and variance
        }
        layer->eval();
        torch::InferenceMode guard;
        const torch::Tensor x = torch::randn({2, 8, 12, 12});
        const torch::Tensor want = layer->forward(x).to(torch::kDouble);
        layer->fold_batch_norm();
        ASSERT_TRUE(layer->use_onednn(ConvAlgorithm::Fastest));
        const torch::Tensor got = layer->forward(x.contiguous(torch::MemoryFormat::ChannelsLast));
        SCOPED_TRACE(testing::Message() << "scale " << int(scale) << " relu " << int(relu) << " norm " << int(norm));
        ASSERT_EQ(got.sizes(), want.sizes());
        EXPECT_LT(relative_error(got, want), 1e-4);
      }
}

TEST(OneDnnConv, ConvLayerRefusesALayerWithANormLeft) {
  facesr::ConvLayer layer(facesr::ConvLayerOptions(8, 16).norm(facesr::NormType::Instance));
  layer->eval();
  EXPECT_FALSE(layer->use_onednn(ConvAlgorithm::Fastest));
}

TEST(OneDnnConv, TransposedMatchesConvTranspose2d) {
  if (!facesr::onednn_available()) GTEST_SKIP() << "built without oneDNN";
  torch::NoGradGuard no_grad;
  torch::manual_seed(11);
  struct Deconv {
    int64_t n, c, k, kernel, stride, padding, side;
    bool bias;
  };
  // DIC's projections (k12 s8 p2, k8 s4 p2), CTCNet's (k6 s2 p2, k8 s2 p3) and EIPNet's (k4 s2 p1).
  for (const Deconv& d : std::vector<Deconv>{{1, 6, 6, 12, 8, 2, 4, true}, {2, 8, 4, 8, 4, 2, 5, true},
                                             {1, 5, 3, 6, 2, 2, 7, false}, {2, 4, 4, 8, 2, 3, 6, true},
                                             {3, 8, 16, 4, 2, 1, 9, true}}) {
    const torch::Tensor x = torch::randn({d.n, d.c, d.side, d.side});
    const torch::Tensor w = torch::randn({d.c, d.k, d.kernel, d.kernel}) / double(d.kernel);
    const torch::Tensor b = d.bias ? torch::randn({d.k}) : torch::Tensor();
    const torch::Tensor want = torch::conv_transpose2d(x.to(torch::kDouble), w.to(torch::kDouble),
                                                       d.bias ? b.to(torch::kDouble) : torch::Tensor(), d.stride,
                                                       d.padding);
    const auto conv = OneDnnConv::transposed(w, b, d.stride, d.padding, std::nullopt);
    const torch::Tensor got = conv->forward(x);
    SCOPED_TRACE(testing::Message() << "k" << d.kernel << " s" << d.stride << " p" << d.padding);
    ASSERT_EQ(got.sizes(), want.sizes());
    EXPECT_TRUE(got.is_contiguous(torch::MemoryFormat::ChannelsLast));
    EXPECT_LT(relative_error(got, want), 1e-5);
    // On AVX2, stride 4 and up runs as a convolution whose output is pixel blocks.
    EXPECT_EQ(conv->algorithms().front(), d.stride >= 4 && !facesr::cpu_has_avx512() ? "pixel blocks" : "direct");
    EXPECT_THROW(conv->forward(torch::randn({1, d.k + 1, 4, 4})), facesr::Error);
  }
}

TEST(OneDnnConv, FastConvTranspose2dKeepsItsKeysAndResult) {
  namespace nn = torch::nn;
  // Strided ones run as oneDNN deconvolutions, stride-1 ones as convolutions
  // with the flipped kernel.
  for (const auto& options : {nn::ConvTranspose2dOptions(8, 4, 6).stride(2).padding(2),
                              nn::ConvTranspose2dOptions(8, 4, 1), nn::ConvTranspose2dOptions(8, 4, 3).padding(1),
                              nn::ConvTranspose2dOptions(8, 4, 3), nn::ConvTranspose2dOptions(8, 4, 4).padding(2)}) {
    facesr::FastConvTranspose2d fast(options);
    SCOPED_TRACE(testing::Message() << fast);
    std::vector<std::string> keys;
    for (const auto& item : fast->named_parameters()) keys.push_back(item.key());
    EXPECT_EQ(keys, (std::vector<std::string>{"weight", "bias"}));  // as nn::ConvTranspose2d
    fast->eval();
    torch::InferenceMode guard;
    const torch::Tensor x = torch::randn({2, 8, 10, 10});
    const torch::Tensor want = fast->forward(x).to(torch::kDouble);
    ASSERT_EQ(fast->use_onednn(ConvAlgorithm::Direct), facesr::onednn_available());
    const torch::Tensor got = fast->forward(x);
    ASSERT_EQ(got.sizes(), want.sizes());
    EXPECT_LT(relative_error(got, want), 1e-5);
  }
  facesr::FastConvTranspose2d padded(nn::ConvTranspose2dOptions(8, 4, 3).stride(2).output_padding(1));
  padded->eval();
  EXPECT_FALSE(padded->use_onednn(ConvAlgorithm::Fastest));  // output padding: LibTorch keeps it
}

TEST(OneDnnConv, FastConv2dKeepsItsKeysAndResult) {
  namespace nn = torch::nn;
  facesr::FastConv2d fast(nn::Conv2dOptions(8, 4, 3).stride(2).padding(1));
  std::vector<std::string> keys;
  for (const auto& item : fast->named_parameters()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"weight", "bias"}));  // as nn::Conv2d
  const torch::Tensor x = torch::randn({2, 8, 10, 10});
  fast->eval();
  torch::NoGradGuard no_grad;
  const torch::Tensor want = fast->forward(x).to(torch::kDouble);
  ASSERT_EQ(fast->use_onednn(ConvAlgorithm::Fastest), facesr::onednn_available());
  EXPECT_LT(relative_error(fast->forward(x), want), 1e-5);
  fast->train();  // oneDNN has no gradient: training goes back to LibTorch
  const torch::Tensor again = fast->forward(x);
  EXPECT_TRUE(again.is_contiguous());  // LibTorch's NCHW, not oneDNN's NHWC
  EXPECT_LT(relative_error(again, want), 1e-5);
  for (const auto& options : {nn::Conv2dOptions(8, 8, 3).groups(2), nn::Conv2dOptions(8, 4, 3).dilation(2),
                              nn::Conv2dOptions(8, 4, 3).padding(1).padding_mode(torch::kReflect),
                              nn::Conv2dOptions(8, 4, 3).padding(torch::kSame), nn::Conv2dOptions(8, 4, 3).stride({1, 2})}) {
    facesr::FastConv2d other(options);
    other->eval();
    EXPECT_FALSE(other->use_onednn(ConvAlgorithm::Fastest)) << other;  // LibTorch keeps these
  }
}

TEST(OneDnnConv, PointwiseReadsAChannelSliceOfAnNhwcTensorInPlace) {
  if (!facesr::onednn_available()) GTEST_SKIP() << facesr::kBuiltWithoutOneDnn;
  const torch::Tensor stack = torch::randn({2, 20, 6, 7}).contiguous(torch::MemoryFormat::ChannelsLast);
  const torch::Tensor w = torch::randn({5, 12, 1, 1}), b = torch::randn({5});
  for (const int64_t first : {0, 8}) {  // a prefix (DIC's transitions) and a tail (its compress_out)
    const torch::Tensor slice = stack.slice(1, first, first + 12);
    ASSERT_FALSE(slice.is_contiguous(torch::MemoryFormat::ChannelsLast));
    for (const std::optional<float> slope : {std::optional<float>(), std::optional<float>(0.2f)}) {
      OneDnnConv conv(w, b, 1, 0, slope);
      const torch::Tensor got = conv.forward(slice);
      torch::Tensor want =
          torch::conv2d(slice.to(torch::kDouble).contiguous(), w.to(torch::kDouble), b.to(torch::kDouble));
      if (slope) want = torch::leaky_relu(want, *slope);
      ASSERT_EQ(got.sizes(), want.sizes());
      EXPECT_TRUE(got.is_contiguous(torch::MemoryFormat::ChannelsLast));
      EXPECT_LT(relative_error(got, want), 1e-5);
      EXPECT_EQ(conv.algorithms(), std::vector<std::string>{"matmul"});  // read in place, not copied first
    }
  }
}

// bf16 mode rounds the input and the weights to bfloat16 and nothing else:
// its result is float32 LibTorch's on the rounded operands (up to summation
// order), and differs from the unrounded result by about bf16's 2^-9 step.
TEST(OneDnnConv, Bf16ModeRoundsOnlyTheInputAndTheWeights) {
  if (!facesr::onednn_available()) GTEST_SKIP() << facesr::kBuiltWithoutOneDnn;
  if (!facesr::cpu_has_bf16()) GTEST_SKIP() << "this CPU has no AVX512_BF16";
  torch::NoGradGuard no_grad;
  torch::manual_seed(11);
  const auto rounded = [](const torch::Tensor& t) { return t.to(torch::kBFloat16).to(torch::kDouble); };
  const std::vector<Case> cases = {{2, 32, 32, 3, 18, 1, 1, true, 0.2f},
                                   {4, 16, 64, 3, 17, 2, 1, true, std::nullopt},
                                   {2, 24, 8, 1, 9, 1, 0, false, 0.0f}};
  for (const Case& k : cases) {
    SCOPED_TRACE(testing::Message() << k.c << "->" << k.k << " k" << k.kernel << " s" << k.stride);
    const torch::Tensor x = torch::randn({k.n, k.c, k.side, k.side});
    const torch::Tensor w = torch::randn({k.k, k.c, k.kernel, k.kernel}) / std::sqrt(double(k.c * k.kernel * k.kernel));
    const torch::Tensor b = k.bias ? torch::randn({k.k}) : torch::Tensor();
    OneDnnConv conv(w, b, k.stride, k.padding, k.slope, {ConvAlgorithm::Fastest, /*bf16=*/true});
    const torch::Tensor got = conv.forward(x);
    EXPECT_EQ(got.scalar_type(), torch::kFloat);
    EXPECT_EQ(conv.algorithms(), std::vector<std::string>{"direct"});  // oneDNN has no bf16 Winograd
    EXPECT_LT(relative_error(got, reference(rounded(x), rounded(w), b, k)), 1e-5);
    const double rounding = relative_error(got, reference(x, w, b, k));
    EXPECT_GT(rounding, 3e-4);
    EXPECT_LT(rounding, 1e-2);
  }
  // A transposed (strided) layer too, against LibTorch on the rounded operands.
  const torch::Tensor x = torch::randn({2, 8, 10, 10}), w = torch::randn({8, 4, 6, 6}) / 12.0, b = torch::randn({4});
  auto transposed = OneDnnConv::transposed(w, b, 2, 2, std::nullopt, /*bf16=*/true);
  const torch::Tensor want = torch::conv_transpose2d(rounded(x), rounded(w), b.to(torch::kDouble), 2, 2);
  EXPECT_LT(relative_error(transposed->forward(x), want), 1e-5);
}
