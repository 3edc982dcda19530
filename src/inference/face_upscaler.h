// Super-resolves aligned face crops with one zoo model (or the PIL-bicubic
// baseline), following the model's official pre- and post-processing.
#pragma once

#include <torch/torch.h>

#include <memory>
#include <optional>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "inference/inference_tuning.h"
#include "inference/model_choice.h"
#include "models/registry.h"

namespace facesr {

class FaceUpscaler {
 public:
  // Builds `spec`'s network on `device` and loads `weights` (a .safetensors
  // file) strictly, then applies `tuning` (default_tuning(device, spec) when
  // not given). The bicubic baseline takes no weights.
  FaceUpscaler(const ModelSpec& spec, const std::string& weights, torch::Device device,
               std::optional<InferenceTuning> tuning = std::nullopt);
  // The network `choice` names, its weights read from the file choose_model
  // already mapped (the file is opened once).
  FaceUpscaler(const ModelChoice& choice, torch::Device device);
  // The network `-m model` / `-w weights` select (choose_model's rules: with
  // neither, the bundled x8 default).
  static FaceUpscaler open(const std::string& model, const std::string& weights, torch::Device device);

  const ModelSpec& spec() const { return spec_; }

  // RGB8 faces of any size (resized to the model's LR size with PIL bicubic
  // when they differ) → RGB8 faces of the model's output size.
  std::vector<cv::Mat> upscale(const std::vector<cv::Mat>& faces);

  // A restoration model: a network whose input is the output's size (the
  // SPARNet family's are fully convolutional), so it also restores faces
  // at frames other than its own.
  bool restores_in_place() const;

  // Restoration models only: RGB8 faces of one square size (a multiple of 32,
  // at least the model's own frame) → restored faces of that size.
  std::vector<cv::Mat> restore_at_own_size(const std::vector<cv::Mat>& faces);

  // Flip self-ensemble (EDSR's, with the mirror only: faces are upright): the
  // network also restores each face mirrored, and the two results, the second
  // mirrored back, are averaged. Twice the network time for a little PSNR; a
  // face and its mirror image then come out exact mirror images of each other.
  void set_flip_ensemble(bool on) { flip_ensemble_ = on; }

  // Convolutions in bfloat16 (inputs and weights; sums and everything else
  // stay float32): faster on CPUs with AVX512_BF16. Throws facesr::Error
  // where the CPU or the build has no bf16 convolutions.
  void set_bf16(bool on);

 private:
  // `opened`: the weights file already mapped, or null to open `weights`.
  FaceUpscaler(const ModelSpec& spec, const std::string& weights, const safetensors::File* opened,
               torch::Device device, std::optional<InferenceTuning> tuning);
  std::vector<cv::Mat> run(const std::vector<cv::Mat>& inputs, const ImageConvention& convention);

  const ModelSpec& spec_;
  std::shared_ptr<SRNetwork> network_;
  torch::Device device_;
  InferenceTuning tuning_;
  bool flip_ensemble_ = false;
};

}  // namespace facesr
