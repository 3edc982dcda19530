// EIPNet's edge block (eipnet.md §2, networks.py `edge_conv`): a high-pass
// e = ReLU(x - mean_k(x)) that goes back into the trunk, and a 1-channel edge
// map ReLU(conv1x1(e)) that only the edge loss sees.
#pragma once

#include <torch/torch.h>

namespace facesr::eipnet {

// TensorFlow's avg_pool2d(ksize k, stride 1, padding SAME): the window of
// output pixel i covers inputs [i - (k-1)/2, i + k/2], and the average is taken
// over the taps inside the image only (padding is not counted). For even k the
// window is asymmetric (k=10: 4 before, 5 after).
torch::Tensor tf_same_average(const torch::Tensor& x, int64_t kernel);

struct EdgeBlockOutput {
  torch::Tensor edge;       // (N,1,H,W) side output for the edge loss
  torch::Tensor high_pass;  // (N,C,H,W), concatenated after the block's input
};

class EipnetEdgeBlockImpl : public torch::nn::Module {
 public:
  EipnetEdgeBlockImpl(int64_t channels, int64_t pool_kernel);
  EdgeBlockOutput forward(const torch::Tensor& x);

  // The 1x1 conv C->1, registered directly on the block so that its keys are
  // <block>.weight / <block>.bias, like the TF scope StepK_edge/{w,b}.
  torch::Tensor weight, bias;

 private:
  int64_t pool_kernel_;
};
TORCH_MODULE(EipnetEdgeBlock);

}  // namespace facesr::eipnet
