// One network a recipe trains, with its Adam optimiser, and the tensors a
// checkpoint needs to bring both back exactly (weights, buffers, Adam moments
// and step counts).
#pragma once

#include <torch/torch.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "io/safetensors.h"

namespace facesr::training {

class TrainedNetwork {
 public:
  // `prefix` names the network in checkpoints ("G", "D", "G_RLS", ...).
  TrainedNetwork(std::string prefix, std::shared_ptr<torch::nn::Module> network, double lr, double beta1,
                 double beta2);

  torch::nn::Module& network() { return *network_; }
  std::shared_ptr<torch::nn::Module> shared() { return network_; }
  torch::optim::Adam& optimizer() { return *optimizer_; }
  const std::string& prefix() const { return prefix_; }

  // Called between backward and the optimiser step (data-parallel averaging).
  void set_gradient_sync(std::function<void(torch::nn::Module&)> sync) { sync_ = std::move(sync); }
  // fp16 training: dynamic loss scaling as torch.cuda.amp.GradScaler does it.
  // The loss is multiplied by the scale before backward and the gradients
  // divided after; a step whose gradients hold inf/NaN is skipped and halves
  // the scale, and `growth_interval` clean steps in a row double it.
  void enable_loss_scaling(double initial_scale = 65536.0, int growth_interval = 2000);
  double loss_scale() const { return loss_scale_; }

  // lr = base lr · scale (the schedule's factor).
  void set_lr_scale(double scale);
  // zero_grad, backward(loss), optional clipping, Adam step. Returns the
  // gradient norm before clipping (0 when clip_norm is 0, or when loss
  // scaling skipped the step).
  double step(const torch::Tensor& loss, double clip_norm);

  // "<prefix>.net.<key>", "<prefix>.adam.<i>.{exp_avg,exp_avg_sq,step}",
  // and "<prefix>.loss_scale" {scale, clean steps} when loss scaling is on.
  void append_state(safetensors::NamedTensors& out) const;
  // Restores what append_state wrote; throws facesr::Error naming `source`.
  void load_state(const std::map<std::string, torch::Tensor>& state, const std::string& source);

 private:
  std::string prefix_;
  std::shared_ptr<torch::nn::Module> network_;
  std::unique_ptr<torch::optim::Adam> optimizer_;
  std::function<void(torch::nn::Module&)> sync_;
  double base_lr_;
  double loss_scale_ = 0;  // 0: no loss scaling
  int growth_interval_ = 0;
  int64_t clean_steps_ = 0;
};

}  // namespace facesr::training
