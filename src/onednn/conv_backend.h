// How one network's convolutions run, chosen per network (no process-wide
// switch), for inference and training alike: through oneDNN (Winograd,
// weights reordered once, transposed and grouped layers: onednn/conv.h at
// inference, onednn/training_conv.h for the forward and both gradients in
// training) or LibTorch's own.
#pragma once

#include <torch/torch.h>

#include "onednn/conv.h"

namespace facesr {

struct ConvBackend {
  bool onednn = onednn_available();                   // false: LibTorch's convolutions throughout
  ConvAlgorithm algorithm = ConvAlgorithm::Fastest;  // forced only to measure one
  bool bf16 = false;  // inference convolutions read bf16 (OneDnnConv's bf16 mode)
};

// A module whose convolutions can run through oneDNN: ConvLayer (and its
// LeakyReLU), FastConv2d, FastConvTranspose2d, SCGAN's blocks and its
// spectral-norm convolution.
class UsesOneDnn {
 public:
  virtual ~UsesOneDnn() = default;
  // Inference, in eval mode, once the weights are final: the module's
  // convolutions through OneDnnConv, which keeps its own copy of them.
  // Returns false (and changes nothing) where the module cannot.
  virtual bool use_onednn(ConvMode mode) = 0;
  // Training: convolutions and their gradients through oneDNN where on
  // (conv2d_for_training's first argument), else LibTorch's.
  void train_with_onednn(bool enabled) { trains_with_onednn_ = enabled && onednn_available(); }
  bool trains_with_onednn() const { return trains_with_onednn_; }

 private:
  bool trains_with_onednn_ = onednn_available();
};

// Applies `backend` to every UsesOneDnn module of `network`: the training
// path always, and with oneDNN on and the network in eval mode the inference
// path too (prepare_network's call, after the weights are loaded). Trainers
// call it on networks in training mode, so validation in eval mode never
// runs a copy of weights that the next step changes.
void set_conv_backend(torch::nn::Module& network, const ConvBackend& backend);

}  // namespace facesr
