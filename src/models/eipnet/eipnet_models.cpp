#include "models/eipnet/eipnet_models.h"

#include "models/eipnet/eipnet.h"

namespace facesr {

std::vector<ModelSpec> eipnet_models() {
  ModelSpec eipnet;
  eipnet.name = "eipnet";
  eipnet.summary = "EIPNet (Neurocomputing 2021): x8 with edge blocks, 16x16 -> 128x128, [0,255]";
  eipnet.official_class = "generator";  // networks.py (TensorFlow)
  eipnet.convention.lr_size = 16;
  eipnet.convention.input_size = 16;  // the true LR, no pre-upsampling
  eipnet.convention.output_size = 128;
  eipnet.convention.range = ValueRange::ZeroTo255;  // unnormalised floats (eipnet.md §1)
  eipnet.convention.bgr = false;
  // test.py hands the float image to cv2.imwrite, whose conversion to uint8
  // rounds and saturates.
  eipnet.convention.quantize = Quantize::Round;
  eipnet.make = [](const ModelOptions& options) -> std::shared_ptr<SRNetwork> {
    check_options("eipnet", options, {});
    return eipnet::EipnetGenerator().ptr();
  };
  return {eipnet};
}

}  // namespace facesr
