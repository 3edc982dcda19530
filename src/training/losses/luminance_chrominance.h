// EIPNet's pixel terms (eipnet.md §4, official train.py): the Luminance-
// Chrominance Error MSE(RGB) + MSE(YUV), and the edge loss Σ_k MSE(edge_k,
// canny_k). Every MSE is a mean over all elements (tf.reduce_mean); values are
// on the [0,255] scale. The caller applies λ_edge = 0.3.
#pragma once

#include <torch/torch.h>

#include <vector>

namespace facesr::losses {

// tf.image.rgb_to_yuv on an (N,3,H,W) RGB tensor: Y, U, V channels.
torch::Tensor rgb_to_yuv(const torch::Tensor& rgb);

// MSE(sr, hr) + MSE(rgb_to_yuv(sr), rgb_to_yuv(hr)).
torch::Tensor luminance_chrominance(const torch::Tensor& sr, const torch::Tensor& hr);

// Σ_k MSE(edges[k], canny[k]); pairs must have equal shapes (32², 64², 128²).
torch::Tensor eipnet_edge(const std::vector<torch::Tensor>& edges, const std::vector<torch::Tensor>& canny);

}  // namespace facesr::losses
