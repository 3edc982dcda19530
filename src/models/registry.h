// The model zoo: every network facesr can build, by name, with the image
// conventions its official code uses. `facesr models` prints this table.
#pragma once

#include <torch/torch.h>

#include <array>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "io/image.h"

namespace facesr {

// A super-resolution generator: one tensor in the network's own value space
// in, the final SR tensor out.
class SRNetwork : public torch::nn::Module {
 public:
  virtual torch::Tensor forward(torch::Tensor input) = 0;
};

// How an RGB uint8 face crop becomes the network input and back.
struct ImageConvention {
  int lr_size = 16;          // side of the low-resolution face
  int input_size = 128;      // side of the network input (128: LR bicubic-upsampled first)
  int output_size = 128;     // side of the network output
  ValueRange range = ValueRange::MinusOneOne;
  bool bgr = false;          // channel order the network was trained on
  std::array<float, 3> mean{0.f, 0.f, 0.f};  // subtracted after scaling (DIC)
  Quantize quantize = Quantize::Truncate;
};

// Per-model construction options as JSON (e.g. {"num_groups": 3}); each
// factory rejects keys it does not know.
using ModelOptions = nlohmann::json;

struct ModelSpec {
  std::string name;            // CLI name, e.g. "sparnet"
  std::string summary;         // one line for `facesr models`
  std::string official_class;  // class in the authors' code, stored in converted checkpoints
  ImageConvention convention;
  // Builds the network; empty for the PIL-bicubic baseline, which has none.
  std::function<std::shared_ptr<SRNetwork>(const ModelOptions&)> make;
};

// Every registered model, in display order.
const std::vector<ModelSpec>& model_zoo();

// The spec called `name`; throws facesr::Error listing the valid names.
const ModelSpec& find_model(const std::string& name);

// Number of elements over all parameters (buffers excluded), like
// sum(p.numel() for p in model.parameters()).
int64_t parameter_count(const torch::nn::Module& module);

// Throws facesr::Error if `options` has a key outside `known`.
void check_options(const std::string& model, const ModelOptions& options, const std::vector<std::string>& known);

}  // namespace facesr
