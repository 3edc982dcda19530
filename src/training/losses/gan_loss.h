// Adversarial losses on discriminator logits (specs/common.md §5).
// Hinge: SCGAN (scgan.md §4) and SPARNetHD (sparnet.md §5.2). Vanilla
// BCE-with-logits: DICGAN (dic.md §8) and EIPNet (eipnet.md §4). Each returns
// a scalar tensor.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "models/sparnet/multiscale_discriminator.h"

namespace facesr::losses {

// mean(relu(1 - real)) + mean(relu(1 + fake)), as SCGAN's train.py has it.
torch::Tensor hinge_discriminator(const torch::Tensor& real_logits, const torch::Tensor& fake_logits);

// -mean(fake).
torch::Tensor hinge_generator(const torch::Tensor& fake_logits);

// BCE(real, 1) + BCE(fake, 0), each the mean over all logits.
torch::Tensor vanilla_discriminator(const torch::Tensor& real_logits, const torch::Tensor& fake_logits);

// BCE(fake, 1): the non-saturating generator term.
torch::Tensor vanilla_generator(const torch::Tensor& fake_logits);

// SPARNetHD over a MultiScaleDiscriminator (sparnet.md §5.2): the per-scale
// terms averaged over num_D scales; the D term is additionally halved,
// (1/num_D) Σ_D 0.5·hinge_discriminator, as in the official backward_D.
torch::Tensor multiscale_hinge_discriminator(const std::vector<sparnet::DiscriminatorOutput>& real,
                                             const std::vector<sparnet::DiscriminatorOutput>& fake);
torch::Tensor multiscale_hinge_generator(const std::vector<sparnet::DiscriminatorOutput>& fake);

}  // namespace facesr::losses
