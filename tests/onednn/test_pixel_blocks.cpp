// A transposed convolution rewritten as a stride-1 convolution whose output
// is blocks of pixels (onednn/pixel_blocks.h) gives conv_transpose2d's result,
// in float64, for DIC's projections and for kernels that are not a multiple
// of the stride (where the rearranged kernel has zero taps).
#include <gtest/gtest.h>

#include "onednn/pixel_blocks.h"
#include "parity.h"

namespace {

struct Transposed {
  int64_t n, c, k, kernel, stride, padding, side;
  bool bias;
};

}  // namespace

TEST(PixelBlocks, TransposedConvolutionAsBlocksMatchesConvTranspose2d) {
  torch::manual_seed(5);
  // DIC's ×8 and ×4 projections (k12 s8 p2, k8 s4 p2), a kernel under two strides (k6 s4 p1),
  // an odd one (k5 s3 p0) and a kernel smaller than the stride (k3 s4 p0).
  for (const Transposed& t : std::vector<Transposed>{{1, 6, 5, 12, 8, 2, 4, true},
                                                    {2, 4, 3, 8, 4, 2, 5, false},
                                                    {1, 3, 4, 6, 4, 1, 6, true},
                                                    {2, 5, 2, 5, 3, 0, 7, true},
                                                    {1, 2, 3, 3, 4, 0, 3, false}}) {
    const torch::Tensor x = torch::randn({t.n, t.c, t.side, t.side}, torch::kDouble);
    const torch::Tensor w = torch::randn({t.c, t.k, t.kernel, t.kernel}, torch::kDouble);
    const torch::Tensor b = t.bias ? torch::randn({t.k}, torch::kDouble) : torch::Tensor();
    const torch::Tensor want = torch::conv_transpose2d(x, w, b, t.stride, t.padding);
    const torch::Tensor blocks =
        torch::conv2d(x, facesr::pixel_blocks::transposed_weight(w, t.stride),
                      facesr::pixel_blocks::transposed_bias(b, t.stride), 1,
                      facesr::pixel_blocks::transposed_padding(t.kernel, t.stride))
            .contiguous(torch::MemoryFormat::ChannelsLast);
    const torch::Tensor got =
        facesr::pixel_blocks::from_blocks(blocks, t.stride, t.padding, want.size(2), want.size(3));
    SCOPED_TRACE(testing::Message() << "k" << t.kernel << " s" << t.stride << " p" << t.padding);
    ASSERT_EQ(got.sizes(), want.sizes());
    EXPECT_TRUE(got.is_contiguous(torch::MemoryFormat::ChannelsLast));
    EXPECT_LT(facesr::test::relative_error(got, want), 1e-12);
  }
}
