#include <gtest/gtest.h>

#include "identity/descriptor_distance.h"

using namespace facesr;

TEST(IdentityDescriptorDistance, CosineAndEuclideanRowByRow) {
  const auto a = torch::tensor({1.0, 0.0, 3.0, 4.0}, torch::kDouble).view({2, 2});
  const auto b = torch::tensor({0.0, 1.0, 6.0, 8.0}, torch::kDouble).view({2, 2});
  const auto cos = descriptor_cosine_similarity(a, b), dist = dlib_distance(a, b);
  ASSERT_EQ(cos.sizes(), (std::vector<int64_t>{2}));
  EXPECT_DOUBLE_EQ(cos[0].item<double>(), 0.0);
  EXPECT_DOUBLE_EQ(cos[1].item<double>(), 1.0);
  EXPECT_DOUBLE_EQ(dist[0].item<double>(), std::sqrt(2.0));
  EXPECT_DOUBLE_EQ(dist[1].item<double>(), 5.0);
  // A zero descriptor (face-api's for an empty crop) is dissimilar, not NaN.
  EXPECT_DOUBLE_EQ(descriptor_cosine_similarity(torch::zeros({2}, torch::kDouble), a[0]).item<double>(), 0.0);
}
