#include "identity/recognition_residual.h"

namespace facesr {

RecognitionResidualImpl::RecognitionResidualImpl(int64_t in_channels, int64_t out_channels, bool down) : down_(down) {
  conv1 = register_module("conv1", ScaledConv(ScaledConvOptions(in_channels, out_channels).stride(down ? 2 : 1)));
  conv2 = register_module("conv2", ScaledConv(ScaledConvOptions(out_channels, out_channels).relu(false)));
}

torch::Tensor RecognitionResidualImpl::forward(const torch::Tensor& x) {
  torch::Tensor out = conv2(conv1(x));
  if (!down_) return torch::relu(out + x);
  torch::Tensor shortcut = torch::avg_pool2d(x, 2, 2);
  if (shortcut.size(1) != out.size(1)) shortcut = torch::cat({shortcut, torch::zeros_like(shortcut)}, 1);
  const int64_t extra_rows = shortcut.size(2) - out.size(2), extra_cols = shortcut.size(3) - out.size(3);
  if (extra_rows > 0 || extra_cols > 0) out = torch::constant_pad_nd(out, {0, extra_cols, 0, extra_rows});
  return torch::relu(shortcut + out);
}

}  // namespace facesr
