#include "models/sparnet/sparnet_models.h"

#include <fmt/format.h>

#include "core/error.h"
#include "core/whole_number.h"
#include "models/sparnet/sparnet.h"

namespace facesr {

using sparnet::AttentionType;
using sparnet::SPARNetImpl;
using sparnet::SPARNetOptions;

namespace {

// common.md §1: [-1, 1] RGB, truncating cast back to uint8.
ImageConvention sparnet_convention(int lr_size, int size) {
  ImageConvention c;
  c.lr_size = lr_size;
  c.input_size = size;
  c.output_size = size;
  c.range = ValueRange::MinusOneOne;
  c.quantize = Quantize::Truncate;
  return c;
}

// The two released SPARNetHD checkpoints differ only in the attention map.
AttentionType attention_option(const std::string& model, const ModelOptions& options) {
  const std::string name = options.is_object() ? options.value("att_name", std::string("spar")) : "spar";
  if (name == "spar") return AttentionType::Spatial2D;
  if (name == "spar3d") return AttentionType::Spatial3D;
  throw Error(fmt::format("{}: option att_name must be \"spar\" (Attn2D) or \"spar3d\" (Attn3D), got \"{}\"", model,
                          name));
}

// The official constructor's width/depth keywords (SPARNet(min_ch, max_ch,
// res_depth)), so smaller trained variants load under the same name, and
// hg_ch, the attention hourglasses' width, which the official code fixes at
// 64 (a facesr extension for models that must be cheap on CPU).
SPARNetOptions sized_sparnet(const std::string& model, SPARNetOptions o, const ModelOptions& options) {
  if (!options.is_object()) return o;
  const auto positive = [&](const char* key, int fallback) {
    if (!options.contains(key)) return fallback;
    const auto v = whole_number<int>(options.at(key));
    if (!v || *v < 1) throw Error(fmt::format("{}: option {} must be a whole number >= 1, got {}", model, key,
                                         options.at(key).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
    return *v;
  };
  o.min_channels(positive("min_ch", static_cast<int>(o.min_channels())));
  o.max_channels(positive("max_ch", static_cast<int>(o.max_channels())));
  o.res_depth(positive("res_depth", o.res_depth()));
  o.hourglass_channels(positive("hg_ch", static_cast<int>(o.hourglass_channels())));
  return o;
}

}  // namespace

std::vector<ModelSpec> sparnet_models() {
  std::vector<ModelSpec> specs;
  specs.push_back({"sparnet", "SPARNet x8 (16->128, spatial attention 2-D, 10.5 M; Chen et al. TIP 2021; options min_ch, max_ch, res_depth, hg_ch)", "SPARNet",
                   sparnet_convention(16, 128), [](const ModelOptions& options) -> std::shared_ptr<SRNetwork> {
                     check_options("sparnet", options, {"min_ch", "max_ch", "res_depth", "hg_ch"});
                     return std::make_shared<SPARNetImpl>(sized_sparnet("sparnet", SPARNetOptions::sparnet(), options));
                   }});
  specs.push_back({"sparnet-light", "SPARNet-Light-Attn3D x8 (16->128, one body block, 3-D attention, 5.2 M)",
                   "SPARNet", sparnet_convention(16, 128),
                   [](const ModelOptions& options) -> std::shared_ptr<SRNetwork> {
                     check_options("sparnet-light", options, {});
                     return std::make_shared<SPARNetImpl>(SPARNetOptions::sparnet_light());
                   }});
  // facesr's own: the SPARNet generator fed an aligned 128 face of any
  // quality instead of an upsampled 16, with a global residual (its output
  // is added to its input), trained on blind degradations
  // (configs/sparnet-restore.json); `restore` sends it the faces of photos
  // that are larger than the x8 models' 16 px input.
  specs.push_back({"sparnet-restore",
                   "SPARNet with a global residual restoring aligned faces in place (128->128, blur/resize/noise/JPEG; "
                   "facesr's blind restoration model; options min_ch, max_ch, res_depth, hg_ch)",
                   "SPARNet", sparnet_convention(128, 128), [](const ModelOptions& options) -> std::shared_ptr<SRNetwork> {
                     check_options("sparnet-restore", options, {"min_ch", "max_ch", "res_depth", "hg_ch"});
                     return std::make_shared<SPARNetImpl>(
                         sized_sparnet("sparnet-restore", SPARNetOptions::sparnet().global_residual(true), options));
                   }});
  specs.push_back({"sparnethd",
                   "SPARNetHD blind face restoration (aligned 512->512, IN + spectral norm; options att_name spar|spar3d, min_ch, max_ch, res_depth, hg_ch)",
                   "SPARNet", sparnet_convention(512, 512),
                   [](const ModelOptions& options) -> std::shared_ptr<SRNetwork> {
                     check_options("sparnethd", options, {"att_name", "min_ch", "max_ch", "res_depth", "hg_ch"});
                     return std::make_shared<SPARNetImpl>(sized_sparnet(
                         "sparnethd", SPARNetOptions::sparnet_hd().attention(attention_option("sparnethd", options)),
                         options));
                   }});
  return specs;
}

}  // namespace facesr
