#include "models/ctcnet/ctcnet_models.h"

#include "models/ctcnet/ctcnet.h"

namespace facesr {

std::vector<ModelSpec> ctcnet_models() {
  ModelSpec spec;
  spec.name = "ctcnet";
  spec.summary = "CTCNet (Gao et al., TIP 2023): CNN-Transformer cooperation network, x8 on bicubic-upsampled input";
  spec.official_class = "CTCNet";
  spec.convention.lr_size = 16;
  spec.convention.input_size = 128;
  spec.convention.output_size = 128;
  spec.convention.range = ValueRange::MinusOneOne;
  spec.convention.quantize = Quantize::Truncate;
  spec.make = [](const ModelOptions& options) -> std::shared_ptr<SRNetwork> {
    check_options("ctcnet", options, {});
    return std::make_shared<ctcnet::CTCNetImpl>();
  };
  return {spec};
}

}  // namespace facesr
