#include "models/tensor_checks.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/error.h"

namespace facesr {

void require_image_batch(const torch::Tensor& input, int64_t channels, const std::string& model, int64_t size) {
  const bool ok = input.defined() && input.dim() == 4 && input.size(1) == channels &&
                  (size <= 0 || (input.size(2) == size && input.size(3) == size));
  if (ok) return;
  const std::string got = input.defined() ? fmt::format("{}", fmt::join(input.sizes(), "x")) : "an undefined tensor";
  const std::string spatial = size > 0 ? fmt::format("{}x{}", size, size) : "HxW";
  throw Error(fmt::format("{}: expected an input of shape Nx{}x{}, got {}; pass a batch of {}-channel images{}", model,
                          channels, spatial, got, channels, size > 0 ? fmt::format(" of {}x{} pixels", size, size) : ""));
}

}  // namespace facesr
