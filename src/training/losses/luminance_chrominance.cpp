#include "training/losses/luminance_chrominance.h"

#include "core/error.h"

namespace facesr::losses {

torch::Tensor rgb_to_yuv(const torch::Tensor& rgb) {
  if (rgb.dim() != 4 || rgb.size(1) != 3) {
    throw Error("rgb_to_yuv: expected an (N,3,H,W) tensor, got " + c10::str(rgb.sizes()));
  }
  // Rows are Y, U, V; columns R, G, B (TF's _rgb_to_yuv_kernel, transposed).
  const auto matrix = torch::tensor({0.299, 0.587, 0.114,                       //
                                     -0.14714119, -0.28886916, 0.43601035,      //
                                     0.61497538, -0.51496512, -0.10001026},
                                    rgb.options())
                          .view({3, 3});
  return torch::einsum("yc,nchw->nyhw", {matrix, rgb});
}

torch::Tensor luminance_chrominance(const torch::Tensor& sr, const torch::Tensor& hr) {
  return torch::mse_loss(sr, hr) + torch::mse_loss(rgb_to_yuv(sr), rgb_to_yuv(hr));
}

torch::Tensor eipnet_edge(const std::vector<torch::Tensor>& edges, const std::vector<torch::Tensor>& canny) {
  if (edges.empty() || edges.size() != canny.size()) {
    throw Error("eipnet_edge: got " + std::to_string(edges.size()) + " edge maps and " + std::to_string(canny.size()) +
                " Canny targets; pass the generator's 3 edge outputs and the 32/64/128 targets in the same order");
  }
  torch::Tensor total = torch::zeros({}, edges[0].options());
  for (size_t k = 0; k < edges.size(); ++k) {
    if (edges[k].sizes() != canny[k].sizes()) {
      throw Error("eipnet_edge: edge map " + c10::str(edges[k].sizes()) + " vs Canny target " +
                  c10::str(canny[k].sizes()) + "; targets must be (N,1,H,W) like the edge outputs");
    }
    total = total + torch::mse_loss(edges[k], canny[k]);
  }
  return total;
}

}  // namespace facesr::losses
