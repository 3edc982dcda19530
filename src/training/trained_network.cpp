#include "training/trained_network.h"

#include <fmt/format.h>

#include <sstream>
#include <type_traits>

#include "core/error.h"
#include "weights/state_dict.h"

namespace facesr::training {

namespace {

// The optimiser state map is keyed by the parameter's TensorImpl: as a string
// in LibTorch 1.13, as the pointer itself in later versions.
template <typename StateMap>
typename StateMap::key_type state_key(const StateMap&, const torch::Tensor& parameter) {
  using Key = typename StateMap::key_type;
  if constexpr (std::is_same_v<Key, std::string>) {
    std::ostringstream key;  // what c10::guts::to_string writes
    key << parameter.unsafeGetTensorImpl();
    return key.str();
  } else {
    return static_cast<Key>(parameter.unsafeGetTensorImpl());
  }
}

}  // namespace

TrainedNetwork::TrainedNetwork(std::string prefix, std::shared_ptr<torch::nn::Module> network, double lr,
                               double beta1, double beta2)
    : prefix_(std::move(prefix)), network_(std::move(network)), base_lr_(lr) {
  optimizer_ = std::make_unique<torch::optim::Adam>(
      network_->parameters(), torch::optim::AdamOptions(lr).betas(std::make_tuple(beta1, beta2)).weight_decay(0));
}

void TrainedNetwork::set_lr_scale(double scale) {
  for (auto& group : optimizer_->param_groups())
    static_cast<torch::optim::AdamOptions&>(group.options()).lr(base_lr_ * scale);
}

void TrainedNetwork::enable_loss_scaling(double initial_scale, int growth_interval) {
  loss_scale_ = initial_scale;
  growth_interval_ = growth_interval;
  clean_steps_ = 0;
}

double TrainedNetwork::step(const torch::Tensor& loss, double clip_norm) {
  optimizer_->zero_grad();
  if (loss_scale_ > 0) {
    (loss * loss_scale_).backward();
  } else {
    loss.backward();
  }
  if (sync_) sync_(*network_);  // an inf on any rank reaches every rank, so all skip together
  if (loss_scale_ > 0) {
    bool finite = true;
    {
      torch::NoGradGuard no_grad;
      std::vector<torch::Tensor> checks;  // one device sync for all of them, not one per parameter
      for (auto& p : network_->parameters()) {
        if (!p.grad().defined()) continue;
        p.grad().div_(loss_scale_);
        checks.push_back(p.grad().isfinite().all());
      }
      if (!checks.empty()) finite = torch::stack(checks).all().item<bool>();
    }
    if (!finite) {
      optimizer_->zero_grad();
      loss_scale_ /= 2;
      clean_steps_ = 0;
      return 0;
    }
    if (++clean_steps_ == growth_interval_) {
      loss_scale_ *= 2;
      clean_steps_ = 0;
    }
  }
  double norm = 0;
  if (clip_norm > 0) norm = torch::nn::utils::clip_grad_norm_(network_->parameters(), clip_norm);
  optimizer_->step();
  return norm;
}

void TrainedNetwork::append_state(safetensors::NamedTensors& out) const {
  if (loss_scale_ > 0)
    out.emplace_back(prefix_ + ".loss_scale",
                     torch::tensor({loss_scale_, static_cast<double>(clean_steps_)}, torch::kFloat64));
  for (const auto& [key, tensor] : state_entries(*network_))
    out.emplace_back(prefix_ + ".net." + key, tensor.detach().cpu().contiguous());
  const auto params = network_->parameters();
  auto& states = optimizer_->state();
  for (size_t i = 0; i < params.size(); ++i) {
    const auto it = states.find(state_key(states, params[i]));
    if (it == states.end()) continue;  // parameter not stepped yet
    const auto& s = static_cast<const torch::optim::AdamParamState&>(*it->second);
    const std::string base = fmt::format("{}.adam.{}.", prefix_, i);
    out.emplace_back(base + "exp_avg", s.exp_avg().detach().cpu().contiguous());
    out.emplace_back(base + "exp_avg_sq", s.exp_avg_sq().detach().cpu().contiguous());
    out.emplace_back(base + "step", torch::full({1}, static_cast<int64_t>(s.step()), torch::kInt64));
  }
}

void TrainedNetwork::load_state(const std::map<std::string, torch::Tensor>& state, const std::string& source) {
  std::map<std::string, torch::Tensor> net;
  const std::string net_prefix = prefix_ + ".net.";
  for (const auto& [key, tensor] : state)
    if (key.rfind(net_prefix, 0) == 0) net.emplace(key.substr(net_prefix.size()), tensor);
  if (net.empty()) throw Error(fmt::format("{}: checkpoint has no '{}' network; was it made by another recipe?",
                                           source, prefix_));
  facesr::load_state(*network_, net, source);
  if (const auto scale = state.find(prefix_ + ".loss_scale"); scale != state.end() && loss_scale_ > 0) {
    loss_scale_ = scale->second[0].item<double>();
    clean_steps_ = scale->second[1].item<int64_t>();
  }

  const auto params = network_->parameters();
  auto& states = optimizer_->state();
  states.clear();
  for (size_t i = 0; i < params.size(); ++i) {
    const std::string base = fmt::format("{}.adam.{}.", prefix_, i);
    const auto avg = state.find(base + "exp_avg");
    if (avg == state.end()) continue;
    const auto sq = state.find(base + "exp_avg_sq");
    const auto step = state.find(base + "step");
    if (sq == state.end() || step == state.end() || !avg->second.sizes().equals(params[i].sizes()))
      throw Error(fmt::format("{}: optimiser state of '{}' parameter {} is incomplete or mis-shaped", source, prefix_,
                              i));
    auto s = std::make_unique<torch::optim::AdamParamState>();
    const auto options = params[i].options();
    s->exp_avg(avg->second.to(options).clone());
    s->exp_avg_sq(sq->second.to(options).clone());
    s->step(step->second.item<int64_t>());
    states[state_key(states, params[i])] = std::move(s);
  }
}

}  // namespace facesr::training
