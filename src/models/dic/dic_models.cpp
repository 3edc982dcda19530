#include "models/dic/dic_models.h"

#include <fmt/format.h>

#include "core/error.h"
#include "models/dic/dic.h"

namespace facesr {

namespace {

std::shared_ptr<SRNetwork> make_dic(const ModelOptions& options) {
  check_options("dic", options, {"num_groups"});
  int64_t num_groups = 6;
  if (options.is_object() && options.contains("num_groups")) {
    const auto& value = options.at("num_groups");
    if (!value.is_number_integer() || (value.get<int64_t>() != 3 && value.get<int64_t>() != 6)) {
      throw Error(fmt::format("dic: option num_groups must be 3 or 6 (6 is the released configuration), got {}",
                              value.dump()));
    }
    num_groups = value.get<int64_t>();
  }
  return std::make_shared<dic::DICImpl>(num_groups);
}

}  // namespace

std::vector<ModelSpec> dic_models() {
  ImageConvention convention;
  convention.lr_size = 16;
  convention.input_size = 16;  // true low-resolution input, no pre-upsampling
  convention.output_size = 128;
  convention.range = ValueRange::ZeroOne;
  convention.mean = {0.509f, 0.424f, 0.378f};  // subtracted from the input, added back to the output
  convention.quantize = Quantize::Round;
  return {ModelSpec{"dic",
                    "DIC x8 (CVPR 2020): SR/landmark iterative collaboration; option num_groups 3|6 (default 6)",
                    "DIC", convention, make_dic}};
}

}  // namespace facesr
