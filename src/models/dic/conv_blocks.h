// The official ConvBlock / DeconvBlock of DIC (code/networks/blocks.py) with
// norm_type None: a Sequential whose child "0" is the (transposed) conv with
// bias and whose child "1", when present, is a scalar PReLU (dic.md §1).
#pragma once

#include <torch/torch.h>

namespace facesr::dic {

// Conv2d followed by PReLU(num_parameters=1, init=0.2). padding < 0 means
// "same" padding for odd kernels, (kernel-1)/2, as the official ConvBlock.
torch::nn::Sequential conv_prelu(int64_t in_channels, int64_t out_channels, int64_t kernel, int64_t stride = 1,
                                 int64_t padding = -1);

// Conv2d alone, wrapped in a Sequential so its key is "<name>.0.*".
torch::nn::Sequential conv_only(int64_t in_channels, int64_t out_channels, int64_t kernel);

// ConvTranspose2d followed by PReLU(num_parameters=1, init=0.2).
torch::nn::Sequential deconv_prelu(int64_t in_channels, int64_t out_channels, int64_t kernel, int64_t stride,
                                   int64_t padding);

}  // namespace facesr::dic
