#include "models/sparnet/multiscale_discriminator.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/error.h"

namespace facesr::sparnet {

namespace F = torch::nn::functional;

NLayerDiscriminatorImpl::NLayerDiscriminatorImpl(const MultiScaleDiscriminatorOptions& o) {
  model_ = register_module("model", torch::nn::Sequential(ConvLayer(ConvLayerOptions(o.in_channels(), o.base_channels())
                                                                        .relu(ReluType::LeakyReLU)
                                                                        .spectral_norm(o.spectral_norm()))));
  int64_t c_out = o.base_channels();
  for (int i = 0; i < o.n_layers(); ++i) {
    const int64_t c_in = std::min(o.base_channels() << i, o.max_channels());
    c_out = std::min(o.base_channels() << (i + 1), o.max_channels());
    model_->push_back(ConvLayer(ConvLayerOptions(c_in, c_out)
                                    .scale(Scale::Down)
                                    .norm(o.norm())
                                    .relu(ReluType::LeakyReLU)
                                    .spectral_norm(o.spectral_norm())));
  }
  score_out_ = register_module(
      "score_out", ConvLayer(ConvLayerOptions(c_out, 1).use_pad(false).spectral_norm(o.spectral_norm())));
}

DiscriminatorOutput NLayerDiscriminatorImpl::forward(const torch::Tensor& x) {
  DiscriminatorOutput out;
  auto h = x;
  for (auto& layer : *model_) {
    h = layer.forward(h);
    out.features.push_back(h);
  }
  out.score = score_out_->forward(h);
  return out;
}

MultiScaleDiscriminatorImpl::MultiScaleDiscriminatorImpl(const MultiScaleDiscriminatorOptions& o) {
  d_pool_ = register_module("D_pool", torch::nn::ModuleList());
  for (int i = 0; i < o.num_d(); ++i) d_pool_->push_back(NLayerDiscriminator(o));
}

std::vector<DiscriminatorOutput> MultiScaleDiscriminatorImpl::forward(const torch::Tensor& x) {
  if (x.dim() != 4) throw Error(fmt::format("MultiScaleDiscriminator: input must be (N, C, H, W), got {}", x.sizes()));
  std::vector<DiscriminatorOutput> outputs;
  auto scaled = x;
  for (size_t k = 0; k < d_pool_->size(); ++k) {
    if (k > 0) {
      scaled = F::interpolate(scaled, F::InterpolateFuncOptions()
                                          .scale_factor(std::vector<double>{0.5, 0.5})
                                          .mode(torch::kBicubic)
                                          .align_corners(false)
                                          .recompute_scale_factor(false));
    }
    outputs.push_back(d_pool_->ptr<NLayerDiscriminatorImpl>(k)->forward(scaled));
  }
  return outputs;
}

}  // namespace facesr::sparnet
