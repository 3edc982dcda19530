#include "models/eipnet/eipnet.h"

#include <fmt/format.h>

#include <iterator>

#include "models/tensor_checks.h"

namespace facesr::eipnet {

namespace nn = torch::nn;

namespace {

// One x2 step of the trunk (eipnet.md §2 table).
struct StepShape {
  int64_t in;        // channels into StepK_1 (trunk features, plus high-pass after step 1)
  int64_t mid;       // StepK_1 output
  int64_t out;       // StepK_2 output = width of the residual it is added to
  int64_t up;        // StepK_de output
  int64_t pool;      // edge block average-pool size
};
constexpr StepShape kSteps[] = {{512, 512, 512, 256, 5}, {512, 512, 256, 128, 7}, {256, 256, 128, 64, 10}};

// TF conv2d with SAME padding; Xavier-uniform weight, zero bias (networks.py).
FastConv2d tf_conv(int64_t in, int64_t out, int64_t kernel) {
  FastConv2d conv(nn::Conv2dOptions(in, out, kernel).padding(kernel / 2));
  nn::init::xavier_uniform_(conv->weight);
  nn::init::zeros_(conv->bias);
  return conv;
}

// tf.layers.conv2d_transpose(k4, s2, SAME): exactly x2, i.e. padding 1.
FastConvTranspose2d tf_deconv(int64_t in, int64_t out) {
  FastConvTranspose2d deconv(nn::ConvTranspose2dOptions(in, out, 4).stride(2).padding(1));
  nn::init::xavier_uniform_(deconv->weight);
  nn::init::zeros_(deconv->bias);
  return deconv;
}

}  // namespace

EipnetGeneratorImpl::EipnetGeneratorImpl() {
  conv1_ = register_module("Conv1", tf_conv(3, 512, 3));
  for (size_t i = 0; i < std::size(kSteps); ++i) {
    const StepShape& s = kSteps[i];
    const auto name = [&](const char* suffix) { return fmt::format("Step{}_{}", i + 1, suffix); };
    step_conv1_.push_back(register_module(name("1"), tf_conv(s.in, s.mid, 3)));
    step_conv2_.push_back(register_module(name("2"), tf_conv(s.mid, s.out, 3)));
    step_up_.push_back(register_module(name("de"), tf_deconv(s.out, s.up)));
    step_edge_.push_back(register_module(name("edge"), EipnetEdgeBlock(s.up, s.pool)));
  }
  rgb_ = register_module("RGB", tf_conv(2 * kSteps[std::size(kSteps) - 1].up, 3, 1));
}

EipnetOutput EipnetGeneratorImpl::forward_with_edges(const torch::Tensor& input) {
  require_image_batch(input, 3, "EIPNet");
  EipnetOutput out;
  auto residual = conv1_->forward(input);
  auto features = residual;
  for (size_t i = 0; i < step_up_.size(); ++i) {
    const auto body = torch::relu(step_conv2_[i]->forward(torch::relu(step_conv1_[i]->forward(features))));
    const auto up = torch::relu(step_up_[i]->forward(residual + body));
    auto [edge, high_pass] = step_edge_[i]->forward(up);
    out.edges.push_back(edge);
    features = torch::cat({up, high_pass}, 1);  // upsampled features first (eipnet.md §8.3)
    residual = up;
  }
  out.sr = rgb_->forward(features);
  return out;
}

torch::Tensor EipnetGeneratorImpl::forward(torch::Tensor input) { return forward_with_edges(input).sr; }

}  // namespace facesr::eipnet
