#include "models/scgan/restoration_generator.h"

#include "models/scgan/generator_block.h"
#include "models/tensor_checks.h"

namespace facesr::scgan {

namespace nn = torch::nn;

namespace {

nn::Sequential residual_level(int64_t in_channels, int64_t channels, int num_blocks) {
  nn::Sequential level;
  for (int i = 0; i < num_blocks; ++i) level->push_back(ScganGeneratorBlock(i == 0 ? in_channels : channels, channels));
  return level;
}

// ConvTranspose2d with a 1x1 kernel is a 1x1 conv whose weight is stored
// (in, out, 1, 1); it is kept as a ConvTranspose so the checkpoint loads.
nn::Sequential upsample_level(int64_t channels) {
  return nn::Sequential(
      nn::Upsample(nn::UpsampleOptions().scale_factor(std::vector<double>{2, 2}).mode(torch::kBilinear).align_corners(true)),
      nn::BatchNorm2d(channels), nn::ReLU(), FastConvTranspose2d(nn::ConvTranspose2dOptions(channels, channels, 1)));
}

FastConv2d conv(int64_t in, int64_t out, int64_t kernel, bool bias) {
  return FastConv2d(nn::Conv2dOptions(in, out, kernel).padding(kernel / 2).bias(bias));
}

}  // namespace

ScganRestorationGeneratorImpl::ScganRestorationGeneratorImpl() {
  a1 = register_module("a1", nn::Sequential(conv(256, 128, 1, true)));
  a2 = register_module("a2", nn::Sequential(conv(128, 96, 1, true)));
  layers_in = register_module("layers_in", conv(3, 256, 3, false));
  layers_set_final = register_module(
      "layers_set_final", nn::ModuleList(residual_level(256, 256, 12), residual_level(256, 128, 3)));
  layers_set_final_up = register_module("layers_set_final_up", nn::ModuleList(upsample_level(256), upsample_level(128)));
  main = register_module("main", nn::Sequential(conv(128, 96, 3, false), nn::ReLU(), conv(96, 96, 1, true), nn::ReLU(),
                                                conv(96, 3, 1, true), nn::Tanh()));
}

torch::Tensor ScganRestorationGeneratorImpl::forward(torch::Tensor input) {
  require_image_batch(input, 3, "SCGAN G_RLS");
  auto x = layers_in->forward(input);
  // The first block of each level applies ReLU in place to the level input,
  // so the official long skips add ReLU(x), not x (scgan.md §3.4).
  x = torch::relu(x) + layers_set_final[0]->as<nn::Sequential>()->forward(x);
  x = layers_set_final_up[0]->as<nn::Sequential>()->forward(x);
  x = layers_set_final[1]->as<nn::Sequential>()->forward(x) + a1->forward(torch::relu(x));
  x = layers_set_final_up[1]->as<nn::Sequential>()->forward(x);
  return main->forward(x);
}

}  // namespace facesr::scgan
