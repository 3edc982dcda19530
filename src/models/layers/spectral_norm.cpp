#include "models/layers/spectral_norm.h"

#include "core/error.h"

namespace facesr {

namespace F = torch::nn::functional;

namespace {

// F.normalize(x, dim=0, eps=1e-12), PyTorch's spectral_norm default eps.
torch::Tensor unit(const torch::Tensor& x) { return F::normalize(x, F::NormalizeFuncOptions().dim(0).eps(1e-12)); }

}  // namespace

torch::Tensor spectral_normalized_weight(const torch::Tensor& weight, torch::Tensor& u, torch::Tensor& v,
                                         bool power_iteration) {
  const auto w_mat = weight.reshape({weight.size(0), -1});
  if (u.numel() != w_mat.size(0) || v.numel() != w_mat.size(1)) {
    throw Error("spectral norm: weight_u/weight_v sizes do not match weight_orig; convert the checkpoint again");
  }
  torch::Tensor u_used = u, v_used = v;
  if (power_iteration) {
    {
      torch::NoGradGuard no_grad;
      v.copy_(unit(torch::mv(w_mat.t(), u)));
      u.copy_(unit(torch::mv(w_mat, v)));
    }
    // Like PyTorch: later in-place updates must not disturb this step's autograd graph.
    u_used = u.clone();
    v_used = v.clone();
  }
  const auto sigma = torch::dot(u_used, torch::mv(w_mat, v_used));
  return weight / sigma;
}

SpectralNormConv2dImpl::SpectralNormConv2dImpl(const torch::nn::Conv2dOptions& options_) : options(options_) {
  const auto k = options.kernel_size();
  // Same order as PyTorch after spectral_norm(): bias stays, weight_orig is re-registered after it.
  if (options.bias()) bias = register_parameter("bias", torch::zeros({options.out_channels()}));
  weight_orig = register_parameter(
      "weight_orig", torch::empty({options.out_channels(), options.in_channels() / options.groups(), (*k)[0], (*k)[1]}));
  torch::nn::init::kaiming_uniform_(weight_orig, std::sqrt(5.0));
  const int64_t fan_in = weight_orig.numel() / weight_orig.size(0);
  weight_u = register_buffer("weight_u", unit(torch::randn({options.out_channels()})));
  weight_v = register_buffer("weight_v", unit(torch::randn({fan_in})));
}

torch::Tensor SpectralNormConv2dImpl::weight() {
  return spectral_normalized_weight(weight_orig, weight_u, weight_v, is_training());
}

torch::Tensor SpectralNormConv2dImpl::forward(const torch::Tensor& x) {
  return F::conv2d(x, weight(),
                   F::Conv2dFuncOptions()
                       .bias(bias)
                       .stride(options.stride())
                       .padding(options.padding())
                       .dilation(options.dilation())
                       .groups(options.groups()));
}

}  // namespace facesr
