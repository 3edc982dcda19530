#include "weights/state_dict.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/error.h"
#include "io/safetensors.h"

namespace facesr {

StateEntries state_entries(const torch::nn::Module& module) {
  StateEntries out;
  for (const auto& p : module.named_parameters(/*recurse=*/true)) out.emplace_back(p.key(), p.value());
  for (const auto& b : module.named_buffers(/*recurse=*/true)) out.emplace_back(b.key(), b.value());
  return out;
}

namespace {

// "a, b, c and 4 more": keeps the one-line error readable for big mismatches.
std::string first_few(const std::vector<std::string>& items) {
  constexpr size_t kShown = 4;
  std::vector<std::string> shown(items.begin(), items.begin() + std::min(items.size(), kShown));
  std::string s = fmt::format("{}", fmt::join(shown, ", "));
  if (items.size() > kShown) s += fmt::format(" and {} more", items.size() - kShown);
  return s;
}

// BatchNorm's step counter: int64 in PyTorch's files, whatever dtype the module was moved to.
bool is_counter(const std::string& key) {
  const std::string counter = "num_batches_tracked";
  return key.size() >= counter.size() && key.compare(key.size() - counter.size(), counter.size(), counter) == 0;
}

}  // namespace

size_t load_state(torch::nn::Module& module, const std::map<std::string, torch::Tensor>& state,
                  const std::string& source, MissingKeys allow) {
  const StateEntries entries = state_entries(module);
  std::vector<std::string> missing, unexpected, misshaped, mistyped, non_finite;
  std::map<std::string, torch::Tensor> own;
  for (const auto& [key, t] : entries) {
    own.emplace(key, t);
    const auto it = state.find(key);
    if (it == state.end()) {
      missing.push_back(key);
    } else if (it->second.sizes() != t.sizes()) {
      misshaped.push_back(fmt::format("{} (file {} vs model {})", key, it->second.sizes(), t.sizes()));
    } else if (t.is_floating_point() && !it->second.is_floating_point() && !is_counter(key)) {
      // Integers copied into float weights would load as garbage without a word.
      mistyped.push_back(fmt::format("{} (file {} vs model {})", key, c10::toString(it->second.scalar_type()),
                                     c10::toString(t.scalar_type())));
    } else if (t.is_floating_point() && !torch::isfinite(it->second).all().item<bool>()) {
      non_finite.push_back(key);
    }
  }
  for (const auto& [key, t] : state)
    if (!own.count(key)) unexpected.push_back(key);
  const size_t kept = missing.size();
  if (allow == MissingKeys::KeepInitialised) missing.clear();

  if (!missing.empty() || !unexpected.empty() || !misshaped.empty() || !mistyped.empty()) {
    std::vector<std::string> parts;
    if (!missing.empty()) parts.push_back(fmt::format("{} missing keys ({})", missing.size(), first_few(missing)));
    if (!unexpected.empty())
      parts.push_back(fmt::format("{} unexpected keys ({})", unexpected.size(), first_few(unexpected)));
    if (!misshaped.empty()) parts.push_back(fmt::format("{} mis-shaped ({})", misshaped.size(), first_few(misshaped)));
    if (!mistyped.empty()) parts.push_back(fmt::format("{} not floating point ({})", mistyped.size(), first_few(mistyped)));
    throw Error(fmt::format("{}: weights do not fit this model: {}; check that -m names the architecture the "
                            "checkpoint was converted for",
                            source, fmt::join(parts, "; ")));
  }
  if (!non_finite.empty())
    throw Error(fmt::format("{}: {} tensors hold NaN or infinite values ({}); the file is damaged or its training "
                            "diverged: use an earlier checkpoint or convert it again",
                            source, non_finite.size(), first_few(non_finite)));
  torch::NoGradGuard no_grad;
  for (auto& [key, t] : entries)
    if (const auto it = state.find(key); it != state.end()) t.copy_(it->second.to(t.dtype()));
  return kept;
}

void load_weights(torch::nn::Module& module, const std::string& path) {
  load_state(module, safetensors::File::open(path).tensors(), path);
}

void save_weights(const torch::nn::Module& module, const std::string& path,
                  const std::map<std::string, std::string>& metadata) {
  safetensors::save(path, state_entries(module), metadata);
}

}  // namespace facesr
