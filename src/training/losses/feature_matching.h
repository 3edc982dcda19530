// SPARNetHD's feature-matching loss (sparnet.md §5.2, official models/loss.py
// FMLoss): (1/num_D) Σ_D Σ_l L1(D_l(SR), D_l(HR).detach()), each L1 a mean.
// The caller applies λ_fm = 10.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "models/sparnet/multiscale_discriminator.h"

namespace facesr::losses {

// `fake` and `real` are MultiScaleDiscriminator outputs for SR and HR; only
// their `features` are used. Gradients flow into `fake` alone.
torch::Tensor feature_matching(const std::vector<sparnet::DiscriminatorOutput>& fake,
                               const std::vector<sparnet::DiscriminatorOutput>& real);

}  // namespace facesr::losses
