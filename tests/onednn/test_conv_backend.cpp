#include <gtest/gtest.h>

#include <torch/torch.h>

#include "models/layers/fast_conv.h"
#include "onednn/conv_backend.h"

namespace facesr {
namespace {

bool ran_onednn_training(const torch::Tensor& out) {
  return out.grad_fn() && out.grad_fn()->name().find("OneDnnConvFunction") != std::string::npos;
}

FastConv2d layer() { return FastConv2d(torch::nn::Conv2dOptions(8, 8, 3).padding(1)); }

TEST(ConvBackend, EachNetworkTrainsWithItsOwnChoice) {
  if (!onednn_available()) GTEST_SKIP() << "built without oneDNN";
  FastConv2d ours = layer(), libtorch = layer();
  set_conv_backend(*ours, {true, ConvAlgorithm::Fastest});
  set_conv_backend(*libtorch, {false, ConvAlgorithm::Fastest});
  const torch::Tensor x = torch::randn({1, 8, 10, 10});
  EXPECT_TRUE(ran_onednn_training(ours(x)));
  EXPECT_FALSE(ran_onednn_training(libtorch(x)));  // no process-wide switch: the other network keeps its own
  set_conv_backend(*ours, {false, ConvAlgorithm::Fastest});
  EXPECT_FALSE(ran_onednn_training(ours(x)));
}

TEST(ConvBackend, TheInferencePathOnlyForNetworksInEvalMode) {
  if (!onednn_available()) GTEST_SKIP() << "built without oneDNN";
  const torch::Tensor x = torch::randn({1, 8, 10, 10});
  torch::NoGradGuard no_grad;
  // Set in training mode (as the trainer does): an eval-mode forward later
  // (validation) runs LibTorch's conv2d on the current weights, NCHW out.
  FastConv2d trained = layer();
  set_conv_backend(*trained, {true, ConvAlgorithm::Fastest});
  trained->eval();
  const torch::Tensor libtorch = trained(x);
  EXPECT_TRUE(libtorch.is_contiguous());
  EXPECT_TRUE(torch::allclose(libtorch, torch::conv2d(x, trained->weight, trained->bias, 1, 1)));
  // Set in eval mode (prepare_network): OneDnnConv, whose output is NHWC.
  set_conv_backend(*trained, {true, ConvAlgorithm::Direct});
  const torch::Tensor onednn = trained(x);
  EXPECT_TRUE(onednn.is_contiguous(torch::MemoryFormat::ChannelsLast));
  EXPECT_FALSE(onednn.is_contiguous());
  EXPECT_TRUE(torch::allclose(onednn, libtorch, 1e-4, 1e-5));
}

}  // namespace
}  // namespace facesr
