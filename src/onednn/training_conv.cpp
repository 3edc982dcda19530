#include "onednn/training_conv.h"

#include <ATen/record_function.h>
#include <c10/core/impl/LocalDispatchKeySet.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>

#include "core/error.h"
#include "onednn/primitive.h"

namespace facesr {

namespace {

// Where the oneDNN path takes a layer: asked for and built, a gradient to compute,
// float32 on the CPU and no CPU autocast (whose cast to bf16 happens inside
// aten::conv2d; the dispatch key test reads the same on LibTorch 1.13 and 2.x).
bool takes(bool onednn, const torch::Tensor& x, const torch::Tensor& weight) {
  const bool autocast = !c10::impl::tls_is_dispatch_key_excluded(c10::DispatchKey::AutocastCPU);
  return onednn && onednn_available() && !autocast && torch::GradMode::is_enabled() && x.dim() == 4 && weight.dim() == 4 &&
         x.device().is_cpu() && x.scalar_type() == torch::kFloat && weight.scalar_type() == torch::kFloat &&
         (x.requires_grad() || weight.requires_grad());
}

}  // namespace

torch::Tensor conv2d_for_training(bool onednn, const torch::Tensor& x, const torch::Tensor& weight,
                                  const torch::Tensor& bias, int64_t stride, int64_t padding, int64_t groups) {
  if (takes(onednn, x, weight)) return onednn_training_conv2d(x, weight, bias, stride, padding, groups);
  return torch::conv2d(x, weight, bias, stride, padding, /*dilation=*/1, groups);
}

torch::Tensor conv_transpose2d_for_training(bool onednn, const torch::Tensor& x, const torch::Tensor& weight,
                                            const torch::Tensor& bias, int64_t stride, int64_t padding) {
  if (takes(onednn, x, weight)) return onednn_training_conv_transpose2d(x, weight, bias, stride, padding);
  return torch::conv_transpose2d(x, weight, bias, stride, padding);
}

#ifdef FACESR_ONEDNN

namespace {

using dnnl::memory;
using Tag = memory::format_tag;

enum Pass { kForward, kBackwardData, kBackwardWeights, kPasses };
constexpr const char* kPassNames[kPasses] = {"forward", "backward_data", "backward_weights"};

// One layer's shape: input N×C×H×W, K output channels, kernel, stride and
// padding (equal along both axes), groups, bias or not, transposed or not.
struct Geometry {
  int64_t n, c, h, w, k, kh, kw, stride, padding, groups;
  bool bias, transposed;

  int64_t out(int64_t in, int64_t kernel) const { return conv_output_size(in, kernel, stride, padding, transposed); }
  std::vector<int64_t> out_sizes() const { return {n, k, out(h, kh), out(w, kw)}; }
  std::vector<int64_t> key() const { return {n, c, h, w, k, kh, kw, stride, padding, groups, bias, transposed}; }
  static Geometry from_key(const std::vector<int64_t>& v) {
    return {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10] != 0, v[11] != 0};
  }
  // oneDNN's weight dimensions: K×C×kh×kw, or G×K/G×C/G×kh×kw when grouped.
  memory::dims weight_dims() const {
    return groups == 1 ? memory::dims{k, c, kh, kw} : memory::dims{groups, k / groups, c / groups, kh, kw};
  }
  // LibTorch's weight tensor in those dimensions: Conv2d K×C/G×kh×kw, ConvTranspose2d C×K×kh×kw.
  memory::desc user_weights() const {
    return memory::desc(weight_dims(), memory::data_type::f32,
                        transposed ? Tag::iohw : (groups == 1 ? Tag::oihw : Tag::goihw));
  }
  std::string describe() const {
    return fmt::format("{}×{}×{}×{} → {}, {}{}×{} stride {} padding {}{}{}", n, c, h, w, k,
                       transposed ? "transposed " : "", kh, kw, stride, padding,
                       groups > 1 ? fmt::format(" groups {}", groups) : "", bias ? " with bias" : "");
  }
};

// Every primitive of one layer shape: [pass] holds direct first, then
// Winograd where oneDNN has it for that pass.
struct ShapePlan {
  Geometry geometry;
  std::vector<OneDnnPrimitive> candidates[kPasses];
  // What Fastest picks: winograd_pays (onednn/conv.h), a fixed rule, so a
  // resumed or repeated run computes the same numbers. In training Winograd
  // won all three passes for 32-512 channels on maps of 1,024+ output pixels
  // per batch (1.3-2.5× at 64 channels, 16×64×64), and lost for 3-16
  // channels or fewer pixels (4×8×8: 2× slower).
  bool winograd_pays = false;
};

// Adds the three passes of `algorithm` to `plan` where oneDNN has them
// (direct must exist). Fwd, BwdData and BwdWeights: oneDNN's convolution or
// deconvolution primitives, whose descriptors take the same arguments.
template <typename Fwd, typename BwdData, typename BwdWeights>
void add_candidates(ShapePlan& plan, dnnl::algorithm algorithm, const std::string& name) {
  dnnl::engine& engine = onednn_cpu_engine();
  const Geometry& g = plan.geometry;
  const memory::desc src({g.n, g.c, g.h, g.w}, memory::data_type::f32, Tag::any);
  const memory::desc weights(g.weight_dims(), memory::data_type::f32, Tag::any);
  const memory::desc dst(g.out_sizes(), memory::data_type::f32, Tag::any);
  const memory::desc bias = g.bias ? memory::desc({g.k}, memory::data_type::f32, Tag::x) : memory::desc();
  const memory::dims strides{g.stride, g.stride}, pads{g.padding, g.padding};
  const bool required = name == "direct";
  const auto missing = [&](const char* pass) {
    if (required) throw Error(fmt::format("OneDnnTrainingConv: oneDNN has no direct {} for {}", pass, g.describe()));
  };
  // The backward descriptors need the forward one as a hint.
  std::optional<typename Fwd::primitive_desc> forward;
  try {
    forward.emplace(typename Fwd::desc(dnnl::prop_kind::forward_training, algorithm, src, weights, bias, dst, strides,
                                       pads, pads),
                    engine);
    plan.candidates[kForward].push_back({name, Fwd(*forward),
                                         {{DNNL_ARG_SRC, forward->src_desc()},
                                          {DNNL_ARG_WEIGHTS, forward->weights_desc()},
                                          {DNNL_ARG_BIAS, forward->bias_desc()},
                                          {DNNL_ARG_DST, forward->dst_desc()}}});
  } catch (const dnnl::error&) {
    return missing("forward pass");
  }
  try {
    const typename BwdData::primitive_desc pd(typename BwdData::desc(algorithm, src, weights, dst, strides, pads, pads),
                                              engine, *forward);
    plan.candidates[kBackwardData].push_back({name, BwdData(pd),
                                              {{DNNL_ARG_DIFF_DST, pd.diff_dst_desc()},
                                               {DNNL_ARG_WEIGHTS, pd.weights_desc()},
                                               {DNNL_ARG_DIFF_SRC, pd.diff_src_desc()}}});
  } catch (const dnnl::error&) {
    missing("input gradient");
  }
  try {
    const typename BwdWeights::primitive_desc pd(
        typename BwdWeights::desc(algorithm, src, weights, bias, dst, strides, pads, pads), engine, *forward);
    plan.candidates[kBackwardWeights].push_back({name, BwdWeights(pd),
                                                 {{DNNL_ARG_SRC, pd.src_desc()},
                                                  {DNNL_ARG_DIFF_DST, pd.diff_dst_desc()},
                                                  {DNNL_ARG_DIFF_WEIGHTS, pd.diff_weights_desc()},
                                                  {DNNL_ARG_DIFF_BIAS, pd.diff_bias_desc()}}});
  } catch (const dnnl::error&) {
    missing("weight gradient");
  }
}

std::unique_ptr<ShapePlan> make_shape_plan(const Geometry& g) {
  auto plan = std::make_unique<ShapePlan>();
  plan->geometry = g;
  if (g.transposed) {
    add_candidates<dnnl::deconvolution_forward, dnnl::deconvolution_backward_data,
                   dnnl::deconvolution_backward_weights>(*plan, dnnl::algorithm::deconvolution_direct, "direct");
    return plan;
  }
  add_candidates<dnnl::convolution_forward, dnnl::convolution_backward_data, dnnl::convolution_backward_weights>(
      *plan, dnnl::algorithm::convolution_direct, "direct");
  if (g.kh == 3 && g.kw == 3 && g.stride == 1 && g.groups == 1) {
    add_candidates<dnnl::convolution_forward, dnnl::convolution_backward_data, dnnl::convolution_backward_weights>(
        *plan, dnnl::algorithm::convolution_winograd, "winograd");
    const std::vector<int64_t> out = g.out_sizes();
    plan->winograd_pays = winograd_pays(g.c, g.k, g.n * out[2] * out[3]);
  }
  return plan;
}

std::mutex plans_mutex;
std::map<std::vector<int64_t>, std::unique_ptr<ShapePlan>> plans;  // by Geometry::key

ShapePlan& shape_plan(const Geometry& g) {
  const std::lock_guard<std::mutex> lock(plans_mutex);
  auto found = plans.find(g.key());
  if (found == plans.end()) found = plans.emplace(g.key(), make_shape_plan(g)).first;
  return *found->second;
}

// The candidate `algorithm` runs for `pass` (Fastest: by the shape rule).
int candidate_index(const ShapePlan& plan, Pass pass, ConvAlgorithm algorithm) {
  const bool winograd = algorithm == ConvAlgorithm::Winograd || (algorithm == ConvAlgorithm::Fastest && plan.winograd_pays);
  return winograd ? static_cast<int>(plan.candidates[pass].size()) - 1 : 0;
}

torch::MemoryFormat format_of(const torch::Tensor& x) {
  return x.is_contiguous() || !x.is_contiguous(torch::MemoryFormat::ChannelsLast) ? torch::MemoryFormat::Contiguous
                                                                                   : torch::MemoryFormat::ChannelsLast;
}

memory::desc activation_desc(const torch::Tensor& t) {
  return memory::desc(onednn_dims(t), memory::data_type::f32,
                      format_of(t) == torch::MemoryFormat::ChannelsLast ? Tag::nhwc : Tag::nchw);
}

memory::desc bias_desc(const torch::Tensor& b) { return memory::desc(onednn_dims(b), memory::data_type::f32, Tag::x); }

// Saves for backward the input as the forward primitive read it (blocked
// for Winograd), not x itself: the weight gradient usually wants the same
// layout, so x is reordered once per step instead of twice.
class OneDnnConvFunction : public torch::autograd::Function<OneDnnConvFunction> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& input,
                               const torch::Tensor& weight_in, const torch::Tensor& bias_in /* empty: none */,
                               int64_t stride, int64_t padding, int64_t groups, bool transposed,
                               int64_t algorithm) {
    RECORD_FUNCTION("facesr::onednn_training_conv", std::vector<c10::IValue>());
    const torch::Tensor x = input.contiguous(format_of(input)), weight = weight_in.contiguous();
    const torch::Tensor bias = bias_in.numel() > 0 ? bias_in.contiguous() : torch::Tensor();
    const Geometry g{x.size(0), x.size(1), x.size(2), x.size(3), weight.size(transposed ? 1 : 0),
                     weight.size(2), weight.size(3), stride, padding, groups, bias.defined(), transposed};
    ShapePlan& plan = shape_plan(g);
    torch::Tensor y = torch::empty(g.out_sizes(), x.options().memory_format(format_of(x)));
    std::vector<OneDnnOperand> inputs{{DNNL_ARG_SRC, x, activation_desc(x)},
                                {DNNL_ARG_WEIGHTS, weight, g.user_weights()}};
    if (bias.defined()) inputs.push_back({DNNL_ARG_BIAS, bias, bias_desc(bias)});
    std::vector<OneDnnReordered> reordered;
    const int used = candidate_index(plan, kForward, static_cast<ConvAlgorithm>(algorithm));
    const std::map<int, OneDnnOperand> read =
        run_onednn(plan.candidates[kForward][used], inputs, {{DNNL_ARG_DST, y, activation_desc(y)}}, reordered);
    const bool src_reordered = read.at(DNNL_ARG_SRC).tensor.data_ptr() != x.data_ptr();
    ctx->save_for_backward({read.at(DNNL_ARG_SRC).tensor, weight});
    ctx->saved_data["geometry"] = g.key();
    ctx->saved_data["src_candidate"] = src_reordered ? used : -1;  // -1: x as it is
    ctx->saved_data["channels_last"] = format_of(x) == torch::MemoryFormat::ChannelsLast;
    ctx->saved_data["algorithm"] = algorithm;
    return y;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    RECORD_FUNCTION("facesr::onednn_training_conv_backward", std::vector<c10::IValue>());
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor& src = saved[0];
    const torch::Tensor& weight = saved[1];
    const Geometry g = Geometry::from_key(ctx->saved_data["geometry"].toIntVector());
    const auto format = ctx->saved_data["channels_last"].toBool() ? torch::MemoryFormat::ChannelsLast
                                                                  : torch::MemoryFormat::Contiguous;
    const auto algorithm = static_cast<ConvAlgorithm>(ctx->saved_data["algorithm"].toInt());
    const int64_t src_candidate = ctx->saved_data["src_candidate"].toInt();
    const torch::Tensor grad = grads[0].contiguous(format);
    ShapePlan& plan = shape_plan(g);
    const memory::desc src_layout =
        src_candidate < 0 ? activation_desc(src) : plan.candidates[kForward][src_candidate].layouts.at(DNNL_ARG_SRC);
    std::vector<OneDnnReordered> reordered;  // the gradient, reordered once for both passes
    torch::Tensor grad_x, grad_weight, grad_bias;
    if (ctx->needs_input_grad(0)) {
      grad_x = torch::empty({g.n, g.c, g.h, g.w}, grad.options().memory_format(format));
      run_onednn(plan.candidates[kBackwardData][candidate_index(plan, kBackwardData, algorithm)],
              {{DNNL_ARG_DIFF_DST, grad, activation_desc(grad)},
               {DNNL_ARG_WEIGHTS, weight, g.user_weights()}},
              {{DNNL_ARG_DIFF_SRC, grad_x, activation_desc(grad_x)}}, reordered);
    }
    if (ctx->needs_input_grad(1) || (g.bias && ctx->needs_input_grad(2))) {
      grad_weight = torch::empty_like(weight);
      std::vector<OneDnnOperand> outputs{{DNNL_ARG_DIFF_WEIGHTS, grad_weight, g.user_weights()}};
      if (g.bias) {
        grad_bias = torch::empty({g.k}, weight.options());
        outputs.push_back({DNNL_ARG_DIFF_BIAS, grad_bias, bias_desc(grad_bias)});
      }
      run_onednn(plan.candidates[kBackwardWeights][candidate_index(plan, kBackwardWeights, algorithm)],
              {{DNNL_ARG_SRC, src, src_layout}, {DNNL_ARG_DIFF_DST, grad, activation_desc(grad)}}, outputs, reordered);
    }
    return {grad_x, grad_weight, grad_bias, torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor(),
            torch::Tensor()};
  }
};

torch::Tensor apply(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias, int64_t stride,
                    int64_t padding, int64_t groups, bool transposed, ConvAlgorithm algorithm) {
  const int64_t in_channels = weight.dim() == 4 ? weight.size(transposed ? 0 : 1) * (transposed ? 1 : groups) : -1;
  const int64_t out_channels = weight.dim() == 4 ? weight.size(transposed ? 1 : 0) : -1;
  if (x.dim() != 4 || weight.dim() != 4 || x.size(1) != in_channels || !x.device().is_cpu() ||
      x.scalar_type() != torch::kFloat || weight.scalar_type() != torch::kFloat ||
      (bias.defined() && bias.numel() != out_channels) || stride < 1 || padding < 0 || groups < 1 ||
      out_channels % groups != 0)
    throw Error(fmt::format("OneDnnTrainingConv: needs a float32 CPU N×{}×H×W input and a bias of {}", in_channels,
                            out_channels));
  // An autograd Function cannot take an undefined tensor: no bias is an empty one.
  const torch::Tensor bias_or_empty = bias.defined() ? bias : torch::empty({0}, weight.options());
  return OneDnnConvFunction::apply(x, weight, bias_or_empty, stride, padding, groups, transposed,
                                   static_cast<int64_t>(algorithm));
}

}  // namespace

torch::Tensor onednn_training_conv2d(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                                     int64_t stride, int64_t padding, int64_t groups, ConvAlgorithm algorithm) {
  return apply(x, weight, bias, stride, padding, groups, /*transposed=*/false, algorithm);
}

torch::Tensor onednn_training_conv_transpose2d(const torch::Tensor& x, const torch::Tensor& weight,
                                               const torch::Tensor& bias, int64_t stride, int64_t padding) {
  return apply(x, weight, bias, stride, padding, /*groups=*/1, /*transposed=*/true, ConvAlgorithm::Direct);
}

std::vector<std::string> onednn_training_choices() {
  const std::lock_guard<std::mutex> lock(plans_mutex);
  std::vector<std::string> choices;
  for (const auto& [key, plan] : plans) {
    std::string line = plan->geometry.describe() + ":";
    for (int pass = 0; pass < kPasses; ++pass)
      line += fmt::format(" {}={}", kPassNames[pass],
                          plan->candidates[pass][candidate_index(*plan, static_cast<Pass>(pass), ConvAlgorithm::Fastest)].algorithm);
    choices.push_back(line);
  }
  return choices;
}

#else  // built without oneDNN: the switch stays off

torch::Tensor onednn_training_conv2d(const torch::Tensor&, const torch::Tensor&, const torch::Tensor&, int64_t, int64_t,
                                     int64_t, ConvAlgorithm) {
  throw Error(kBuiltWithoutOneDnn);
}
torch::Tensor onednn_training_conv_transpose2d(const torch::Tensor&, const torch::Tensor&, const torch::Tensor&,
                                               int64_t, int64_t) {
  throw Error(kBuiltWithoutOneDnn);
}
std::vector<std::string> onednn_training_choices() { return {}; }

#endif

}  // namespace facesr
