#include "training/ema_weights.h"

#include <fmt/format.h>

#include "core/error.h"
#include "weights/state_dict.h"

namespace facesr::training {

namespace {

const std::string kPrefix = "H.net.";

// Pairs every state entry of `to` with the same-named entry of `from`.
template <typename Visit>
void for_each_pair(torch::nn::Module& to, const torch::nn::Module& from, Visit visit) {
  const StateEntries target = state_entries(to);
  const StateEntries source = state_entries(from);
  if (target.size() != source.size())
    throw Error("EMA copy and generator differ in architecture (internal error)");
  for (size_t i = 0; i < target.size(); ++i) visit(target[i].second, source[i].second);
}

}  // namespace

EmaWeights::EmaWeights(std::shared_ptr<SRNetwork> copy, const torch::nn::Module& source, double decay)
    : copy_(std::move(copy)), decay_(decay) {
  for (auto& p : copy_->parameters()) p.set_requires_grad(false);
  torch::NoGradGuard no_grad;
  for_each_pair(*copy_, source, [](torch::Tensor to, const torch::Tensor& from) { to.copy_(from); });
  copy_->eval();
}

void EmaWeights::update(const torch::nn::Module& source) {
  torch::NoGradGuard no_grad;
  for_each_pair(*copy_, source, [this](torch::Tensor to, const torch::Tensor& from) {
    if (to.is_floating_point()) to.mul_(decay_).add_(from.detach(), 1.0 - decay_);
    else to.copy_(from);
  });
}

void EmaWeights::append_state(safetensors::NamedTensors& out) const {
  for (const auto& [key, tensor] : state_entries(*copy_))
    out.emplace_back(kPrefix + key, tensor.detach().cpu().contiguous());
}

void EmaWeights::load_state(const std::map<std::string, torch::Tensor>& state, const std::string& source) {
  std::map<std::string, torch::Tensor> entries;
  for (const auto& [key, tensor] : state)
    if (key.rfind(kPrefix, 0) == 0) entries.emplace(key.substr(kPrefix.size()), tensor);
  if (entries.empty())
    throw Error(fmt::format("{}: checkpoint has no EMA weights ('H'); was it made with ema_decay = 0?", source));
  facesr::load_state(*copy_, entries, source);
}

}  // namespace facesr::training
