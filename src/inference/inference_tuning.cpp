#include "inference/inference_tuning.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <sstream>

#include "core/error.h"
#include "models/layers/conv_layer.h"

namespace facesr {

InferenceTuning default_tuning(const torch::Device& device, const ModelSpec& /*every model alike*/) {
  InferenceTuning t;
  t.fold_batch_norm = true;
  if (!device.is_cpu()) return t;  // the rest was measured on CPUs only (bench/README.md)
  // NHWC is what oneDNN's convolutions read fastest; the SPARNet family
  // gains from it only since upsample_reflect_pad keeps it (LibTorch's
  // reflection padding converts NHWC to NCHW and back).
  t.channels_last = true;
  t.conv.onednn = onednn_available();
  // Chunks of 4 images keep 128×128 feature maps in cache: 1.6-1.8x the
  // images/s of a whole batch of 16 for SPARNet-Light, the same for SCGAN.
  t.micro_batch = 4;
  return t;
}

InferenceTuning parse_tuning(const std::string& text, const torch::Device& device, const ModelSpec& model) {
  if (text == "default") return default_tuning(device, model);
  InferenceTuning t;
  if (text == "none") return t;
  std::istringstream items(text);
  for (std::string item; std::getline(items, item, ',');) {
    if (item == "fold_bn") {
      t.fold_batch_norm = true;
    } else if (item == "channels_last") {
      t.channels_last = true;
    } else if (item == "onednn" || item == "onednn=direct" || item == "onednn=winograd") {
      if (!onednn_available())
        throw Error(std::string("--tuning onednn: ") + kBuiltWithoutOneDnn);
      t.conv.onednn = true;
      if (item == "onednn=direct") t.conv.algorithm = ConvAlgorithm::Direct;
      if (item == "onednn=winograd") t.conv.algorithm = ConvAlgorithm::Winograd;
    } else if (item == "bf16") {
      t.conv.bf16 = true;
    } else if (item.rfind("micro_batch=", 0) == 0 && item.size() > 12 &&
               item.find_first_not_of("0123456789", 12) == std::string::npos) {
      t.micro_batch = std::stoi(item.substr(12));
    } else {
      throw Error(fmt::format("--tuning: unknown item '{}'; use default, none, or a comma list of fold_bn, "
                              "channels_last, onednn[=direct|winograd], bf16, micro_batch=N",
                              item));
    }
  }
  if (t.conv.bf16)
    if (const std::string why = bf16_unavailable(t.conv, device); !why.empty()) throw Error("--tuning bf16 " + why);
  return t;
}

std::string bf16_unavailable(const ConvBackend& conv, const torch::Device& device) {
  if (!device.is_cpu() || !conv.onednn) return "needs oneDNN's convolutions on the CPU";
  if (!cpu_has_bf16()) return "needs a CPU with AVX512_BF16; this one has none (or oneDNN is capped below it)";
  return "";
}

std::string describe(const InferenceTuning& t) {
  std::vector<std::string> items;
  if (t.fold_batch_norm) items.push_back("fold_bn");
  if (t.channels_last) items.push_back("channels_last");
  if (t.conv.onednn)
    items.push_back(t.conv.algorithm == ConvAlgorithm::Direct     ? "onednn=direct"
                    : t.conv.algorithm == ConvAlgorithm::Winograd ? "onednn=winograd"
                                                                    : "onednn");
  if (t.conv.bf16) items.push_back("bf16");
  if (t.micro_batch > 0) items.push_back(fmt::format("micro_batch={}", t.micro_batch));
  return items.empty() ? "none" : fmt::format("{}", fmt::join(items, ","));
}

void prepare_network(SRNetwork& network, const torch::Device& device, const InferenceTuning& tuning) {
  network.to(device, tuning.dtype);
  network.eval();
  if (tuning.channels_last) {
    torch::NoGradGuard no_grad;
    for (torch::Tensor& p : network.parameters())
      if (p.dim() == 4) p.set_data(p.contiguous(torch::MemoryFormat::ChannelsLast));
  }
  // After the format change, so the folded weights inherit it.
  if (tuning.fold_batch_norm)
    for (const auto& module : network.modules(/*include_self=*/false))
      if (auto* layer = module->as<ConvLayerImpl>()) layer->fold_batch_norm();
  if (device.is_cpu() && tuning.dtype == torch::kFloat) set_conv_backend(network, tuning.conv);
}

torch::Tensor run_network(SRNetwork& network, const torch::Tensor& input, const torch::Device& device,
                          const InferenceTuning& tuning) {
  const auto run = [&](const torch::Tensor& chunk) {
    torch::Tensor x = chunk.to(device, tuning.dtype);
    if (tuning.channels_last) x = x.contiguous(torch::MemoryFormat::ChannelsLast);
    return network.forward(x).to(torch::kFloat).contiguous();
  };
  const int64_t n = input.size(0);
  if (tuning.micro_batch <= 0 || n <= tuning.micro_batch) return run(input);
  std::vector<torch::Tensor> outputs;
  for (int64_t start = 0; start < n; start += tuning.micro_batch)
    outputs.push_back(run(input.slice(0, start, std::min(n, start + tuning.micro_batch))));
  return torch::cat(outputs);
}

}  // namespace facesr
