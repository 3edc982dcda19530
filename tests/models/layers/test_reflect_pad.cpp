// upsample_reflect_pad against LibTorch's interpolate + reflection_pad2d, in
// both memory formats, several dtypes, pads and scales.
#include <gtest/gtest.h>

#include "core/error.h"
#include "models/layers/reflect_pad.h"

namespace {

namespace F = torch::nn::functional;

torch::Tensor expected(const torch::Tensor& x, int64_t pad, int64_t upscale) {
  torch::Tensor out = x;
  if (upscale > 1)
    out = F::interpolate(out.to(torch::kDouble), F::InterpolateFuncOptions()
                                                     .scale_factor(std::vector<double>{double(upscale), double(upscale)})
                                                     .mode(torch::kNearest));
  return torch::reflection_pad2d(out.to(torch::kDouble), {pad, pad, pad, pad});
}

struct Case {
  int64_t n, c, h, w, pad, upscale;
};

}  // namespace

TEST(ReflectPad, MatchesLibTorchInBothMemoryFormats) {
  torch::NoGradGuard no_grad;
  const std::vector<Case> cases = {{1, 3, 16, 16, 1, 1}, {2, 5, 7, 9, 1, 2}, {2, 64, 8, 6, 3, 1},
                                   {1, 8, 4, 4, 1, 2},   {3, 2, 5, 3, 2, 2}, {1, 1, 6, 5, 2, 1}};
  for (const Case& k : cases) {
    const torch::Tensor x = torch::randn({k.n, k.c, k.h, k.w}, torch::kDouble);
    const torch::Tensor want = expected(x, k.pad, k.upscale);
    for (const auto format : {torch::MemoryFormat::Contiguous, torch::MemoryFormat::ChannelsLast}) {
      for (const auto dtype : {torch::kFloat, torch::kDouble, torch::kBFloat16}) {
        const torch::Tensor in = x.to(dtype).contiguous(format);
        const torch::Tensor got = facesr::upsample_reflect_pad(in, k.pad, k.upscale);
        SCOPED_TRACE(testing::Message() << k.n << "x" << k.c << "x" << k.h << "x" << k.w << " pad " << k.pad
                                        << " up " << k.upscale << " format " << (format == torch::MemoryFormat::ChannelsLast)
                                        << " dtype " << dtype);
        EXPECT_EQ(got.scalar_type(), dtype);
        EXPECT_EQ(got.sizes(), want.sizes());
        EXPECT_TRUE(got.is_contiguous(format));
        EXPECT_TRUE(torch::equal(got.to(torch::kDouble), expected(in, k.pad, k.upscale)));
      }
    }
  }
}

TEST(ReflectPad, MatchesLibTorchOnAStridedInput) {
  torch::NoGradGuard no_grad;
  const torch::Tensor x = torch::randn({2, 4, 10, 12}).slice(3, 1, 11).slice(2, 0, 9);
  EXPECT_TRUE(torch::equal(facesr::upsample_reflect_pad(x, 1, 2).to(torch::kDouble), expected(x, 1, 2)));
}

TEST(ReflectPad, GradientMatchesLibTorchs) {
  for (const Case& k : std::vector<Case>{{2, 3, 6, 7, 1, 2}, {1, 16, 5, 5, 1, 1}, {2, 4, 4, 6, 3, 2}})
    for (const auto format : {torch::MemoryFormat::Contiguous, torch::MemoryFormat::ChannelsLast})
      for (const auto dtype : {torch::kFloat, torch::kDouble}) {
        const torch::Tensor x0 = torch::randn({k.n, k.c, k.h, k.w}, dtype).contiguous(format);
        const torch::Tensor ours = x0.clone().requires_grad_(), theirs = x0.clone().requires_grad_();
        const torch::Tensor out = facesr::upsample_reflect_pad(ours, k.pad, k.upscale);
        // In the input's format, so the gradient arriving is too (the NHWC scatter).
        const torch::Tensor weight = torch::randn(out.sizes(), dtype).contiguous(format);
        (out * weight).sum().backward();
        torch::Tensor want = theirs;
        if (k.upscale > 1)
          want = F::interpolate(want, F::InterpolateFuncOptions()
                                          .scale_factor(std::vector<double>{double(k.upscale), double(k.upscale)})
                                          .mode(torch::kNearest));
        (torch::reflection_pad2d(want, {k.pad, k.pad, k.pad, k.pad}) * weight).sum().backward();
        SCOPED_TRACE(testing::Message() << k.c << " channels, pad " << k.pad << " up " << k.upscale << " nhwc "
                                        << (format == torch::MemoryFormat::ChannelsLast) << " " << dtype);
        EXPECT_TRUE(torch::allclose(ours.grad(), theirs.grad(), 1e-5, 1e-5));
        EXPECT_TRUE(ours.grad().is_contiguous(format));
        EXPECT_GT(ours.grad().abs().sum().item<double>(), 0.0);
      }
}

TEST(ReflectPad, RejectsAPadAsLargeAsTheImage) {
  torch::NoGradGuard no_grad;
  EXPECT_THROW(facesr::upsample_reflect_pad(torch::zeros({1, 1, 2, 8}), 2), facesr::Error);
  EXPECT_NO_THROW(facesr::upsample_reflect_pad(torch::zeros({1, 1, 2, 8}), 2, 2));
}
