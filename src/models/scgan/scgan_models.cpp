#include "models/scgan/scgan_models.h"

#include "models/scgan/restoration_generator.h"

namespace facesr {

std::vector<ModelSpec> scgan_models() {
  ModelSpec scgan;
  scgan.name = "scgan";
  scgan.summary = "SCGAN G_RLS (TIP 2023): real-world x4, 16x16 -> 64x64, BGR, tanh";
  scgan.official_class = "G_RLS";  // model.py
  scgan.convention.lr_size = 16;
  scgan.convention.input_size = 16;  // the true LR, no pre-upsampling
  scgan.convention.output_size = 64;
  scgan.convention.range = ValueRange::MinusOneOne;
  scgan.convention.bgr = true;  // trained on OpenCV-loaded images (scgan.md §1, §6)
  // test.py min-max stretches each output; (y+1)/2*255 with a truncating
  // cast is the fixed mapping used for metrics (common.md §1).
  scgan.convention.quantize = Quantize::Truncate;
  scgan.make = [](const ModelOptions& options) -> std::shared_ptr<SRNetwork> {
    check_options("scgan", options, {});
    return scgan::ScganRestorationGenerator().ptr();
  };
  return {scgan};
}

}  // namespace facesr
