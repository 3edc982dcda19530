// EIPNet generator (Kim et al., Neurocomputing 2021; eipnet.md §2): x8 face
// SR in three x2 steps, each conv-conv-residual -> deconv -> edge block, with
// the edge block's high-pass features concatenated back into the trunk.
// Works on RGB floats in [0,255] (no normalisation); the output is a linear
// 1x1 conv at the same scale, not clamped.
//
// Module names are the TF variable scopes of the official networks.py
// (Conv1, Step1_1, ..., Step3_edge, RGB), so a TF checkpoint converts 1:1:
// generator/<Name>/w -> <Name>.weight (permute 3,2,0,1), .../b -> <Name>.bias,
// generator/StepK_de/conv2d_transpose/{kernel,bias} -> StepK_de.{weight,bias}.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "models/eipnet/edge_block.h"
#include "models/layers/fast_conv.h"
#include "models/registry.h"

namespace facesr::eipnet {

struct EipnetOutput {
  torch::Tensor sr;                  // (N,3,8H,8W), [0,255] scale
  std::vector<torch::Tensor> edges;  // (N,1,2H,2W), (N,1,4H,4W), (N,1,8H,8W)
};

class EipnetGeneratorImpl : public SRNetwork {
 public:
  EipnetGeneratorImpl();

  // (N,3,H,W) RGB in [0,255] -> SR and the three edge maps.
  EipnetOutput forward_with_edges(const torch::Tensor& input);
  torch::Tensor forward(torch::Tensor input) override;

 private:
  FastConv2d conv1_{nullptr};  // "Conv1", no activation
  std::vector<FastConv2d> step_conv1_, step_conv2_;  // "StepK_1", "StepK_2" (+ReLU)
  std::vector<FastConvTranspose2d> step_up_;         // "StepK_de", k4 s2 (+ReLU)
  std::vector<EipnetEdgeBlock> step_edge_;                  // "StepK_edge"
  FastConv2d rgb_{nullptr};                                // "RGB", 1x1, no activation
};
TORCH_MODULE(EipnetGenerator);

}  // namespace facesr::eipnet
