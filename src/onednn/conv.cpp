#include "onednn/conv.h"

#include <ATen/record_function.h>
#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"

#include "onednn/pixel_blocks.h"
#include "onednn/primitive.h"

namespace facesr {

bool winograd_pays(int64_t in_channels, int64_t out_channels, int64_t output_pixels) {
  return std::min(in_channels, out_channels) >= 32 && output_pixels >= 1024;
}

#ifdef FACESR_ONEDNN

namespace {

using dnnl::memory;
using Tag = memory::format_tag;

// A transposed layer run as a stride-1 convolution whose output channels are
// blocks of pixels (onednn/pixel_blocks.h): how to lay them out as pixels.
struct PixelBlockGeometry {
  int64_t stride, padding, out_h, out_w;
};

// x (N×C×H×W, channels-last) with `p` zero rows and columns on each side, channels-last.
torch::Tensor zero_padded(const torch::Tensor& x, int64_t p) {
  const int64_t h = x.size(2), w = x.size(3);
  torch::Tensor out =
      torch::empty({x.size(0), x.size(1), h + 2 * p, w + 2 * p}, x.options().memory_format(torch::MemoryFormat::ChannelsLast));
  // Only the border is zeroed: writing the whole buffer twice cost as much as the convolution saved.
  out.slice(2, 0, p).zero_();
  out.slice(2, p + h).zero_();
  out.slice(2, p, p + h).slice(3, 0, p).zero_();
  out.slice(2, p, p + h).slice(3, p + w).zero_();
  out.slice(2, p, p + h).slice(3, p, p + w).copy_(x);
  return out;
}

}  // namespace

// One primitive for one input shape and algorithm, with the weights already in
// its layout (activations in another layout than NHWC are reordered by run_onednn).
struct OneDnnConv::Plan {
  OneDnnPrimitive conv;             // convolution_forward, deconvolution_forward or matmul
  std::string implementation;       // oneDNN's name of the kernel it chose
  torch::Tensor weights, bias;      // in the primitive's layouts
  memory::desc nhwc_src, nhwc_dst;  // the caller's activations (padded, for explicit_padding)
  std::vector<int64_t> out_sizes;
  // Zero rows and columns added to the input in a copy (the primitive's own padding is then 0).
  int64_t explicit_padding = 0;
  std::optional<PixelBlockGeometry> blocks;

  torch::Tensor run(const torch::Tensor& x) const {
    if (blocks) return pixel_blocks::from_blocks(run_primitive(x), blocks->stride, blocks->padding, blocks->out_h,
                                                 blocks->out_w);
    return run_primitive(explicit_padding > 0 ? zero_padded(x, explicit_padding) : x);
  }

 private:
  torch::Tensor run_primitive(const torch::Tensor& x) const {
    torch::Tensor out =
        torch::empty(out_sizes, x.options().dtype(torch::kFloat).memory_format(torch::MemoryFormat::ChannelsLast));
    std::vector<OneDnnOperand> inputs{{DNNL_ARG_SRC, x, nhwc_src},
                                      {DNNL_ARG_WEIGHTS, weights, conv.layouts.at(DNNL_ARG_WEIGHTS)}};
    if (bias.defined()) inputs.push_back({DNNL_ARG_BIAS, bias, conv.layouts.at(DNNL_ARG_BIAS)});
    std::vector<OneDnnReordered> reordered;
    run_onednn(conv, inputs, {{DNNL_ARG_DST, out, nhwc_dst}}, reordered);
    return out;
  }
};

namespace {

// `weight` (in layout `user`) copied into a torch-owned buffer in `layout`
// (converted to its element type).
torch::Tensor reordered_weights(const torch::Tensor& weight, const memory::desc& user, const memory::desc& layout) {
  dnnl::engine& engine = onednn_cpu_engine();
  torch::Tensor copy = torch::empty({static_cast<int64_t>(layout.get_size())}, weight.options().dtype(torch::kByte));
  memory from(user, engine, weight.data_ptr()), to(layout, engine, copy.data_ptr());
  dnnl::stream stream(engine);
  dnnl::reorder(from, to).execute(stream, from, to);
  stream.wait();
  return copy;
}

// A (leaky) ReLU fused into the primitive's output pass, or nothing.
dnnl::primitive_attr activation_attr(std::optional<float> leaky_slope) {
  dnnl::primitive_attr attr;
  if (leaky_slope) {
    dnnl::post_ops ops;
    ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, *leaky_slope, 0.0f);
    attr.set_post_ops(ops);
  }
  return attr;
}

// The plan of oneDNN's first-ranked implementation of `algorithm` for this
// shape, or null where it has none (Winograd: 3×3 stride 1, float32, AVX-512
// only). Transposed: direct deconvolution.
std::unique_ptr<OneDnnConv::Plan> make_plan(dnnl::algorithm algorithm, bool transposed, const torch::Tensor& x,
                                            const torch::Tensor& weight, const torch::Tensor& bias, int64_t stride,
                                            int64_t padding, std::optional<float> leaky_slope, bool bf16) {
  dnnl::engine& engine = onednn_cpu_engine();
  const memory::data_type input_type = bf16 ? memory::data_type::bf16 : memory::data_type::f32;
  const int64_t n = x.size(0), k = weight.size(transposed ? 1 : 0), c = weight.size(transposed ? 0 : 1);
  const int64_t kh = weight.size(2), kw = weight.size(3);
  const int64_t ho = conv_output_size(x.size(2), kh, stride, padding, transposed);
  const int64_t wo = conv_output_size(x.size(3), kw, stride, padding, transposed);
  const memory::desc nhwc_src(onednn_dims(x), input_type, Tag::nhwc);
  const memory::desc nhwc_dst({n, k, ho, wo}, memory::data_type::f32, Tag::nhwc);
  const memory::desc weight_any({k, c, kh, kw}, input_type, Tag::any);
  // LibTorch's layouts: Conv2d out×in×kh×kw, ConvTranspose2d in×out×kh×kw.
  const memory::desc user_weight_desc({k, c, kh, kw}, memory::data_type::f32, transposed ? Tag::iohw : Tag::oihw);
  const memory::desc bias_desc =
      bias.defined() ? memory::desc({k}, memory::data_type::f32, Tag::x) : memory::desc();
  // Direct convolution reads and writes NHWC as it is on AVX-512; Winograd needs blocked
  // activations, and on AVX2 the direct kernels ran 1.2-1.35x faster on blocked ones, copies
  // to and from NHWC included (bench/README.md, "A native AVX2 machine").
  const bool winograd = algorithm == dnnl::algorithm::convolution_winograd;
  const bool blocked = winograd || !cpu_has_avx512();
  const memory::desc src = blocked ? memory::desc(onednn_dims(x), input_type, Tag::any) : nhwc_src;
  const memory::desc dst = blocked ? memory::desc({n, k, ho, wo}, memory::data_type::f32, Tag::any) : nhwc_dst;
  const dnnl::primitive_attr attr = activation_attr(leaky_slope);
  auto plan = std::make_unique<OneDnnConv::Plan>();
  const auto fill_plan = [&](const auto& pd) {
    plan->conv.algorithm = winograd ? "winograd" : "direct";
    plan->implementation = pd.impl_info_str();
    plan->conv.layouts = {{DNNL_ARG_SRC, pd.src_desc()},
                          {DNNL_ARG_WEIGHTS, pd.weights_desc()},
                          {DNNL_ARG_BIAS, bias_desc},
                          {DNNL_ARG_DST, pd.dst_desc()}};
    plan->out_sizes = {n, k, ho, wo};
    plan->nhwc_src = nhwc_src;
    plan->nhwc_dst = nhwc_dst;
    plan->weights = reordered_weights(weight, user_weight_desc, pd.weights_desc());
    plan->bias = bias;
  };
  const dnnl::memory::dims strides{stride, stride}, pads{padding, padding};
  try {
    if (transposed) {
      const dnnl::deconvolution_forward::primitive_desc pd(
          dnnl::deconvolution_forward::desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::deconvolution_direct,
                                            src, weight_any, bias_desc, dst, strides, pads, pads),
          attr, engine);
      plan->conv.primitive = dnnl::deconvolution_forward(pd);
      fill_plan(pd);
    } else {
      const dnnl::convolution_forward::primitive_desc pd(
          dnnl::convolution_forward::desc(dnnl::prop_kind::forward_inference, algorithm, src, weight_any, bias_desc,
                                          dst, strides, pads, pads),
          attr, engine);
      plan->conv.primitive = dnnl::convolution_forward(pd);
      fill_plan(pd);
    }
  } catch (const dnnl::error&) {
    return nullptr;  // no implementation of this algorithm for this shape
  }
  return plan;
}

// A 1×1 convolution of a channel slice of an NHWC tensor (pixels x.stride(3)
// floats apart) as a oneDNN matmul, which reads the slice in place. (A
// convolution given the same strided source falls back to oneDNN's
// reference kernel, and LibTorch's addmm ran 2× slower than this.)
std::unique_ptr<OneDnnConv::Plan> make_pointwise_plan(const torch::Tensor& x, const torch::Tensor& weight,
                                                      const torch::Tensor& bias, std::optional<float> leaky_slope) {
  dnnl::engine& engine = onednn_cpu_engine();
  const int64_t pixels = x.size(0) * x.size(2) * x.size(3), c = x.size(1), k = weight.size(0);
  const memory::desc src({pixels, c}, memory::data_type::f32, memory::dims{x.stride(3), 1});
  const memory::desc dst({pixels, k}, memory::data_type::f32, Tag::ab);
  const memory::desc bias_desc = bias.defined() ? memory::desc({1, k}, memory::data_type::f32, Tag::ab) : memory::desc();
  const dnnl::primitive_attr attr = activation_attr(leaky_slope);
  const dnnl::matmul::desc desc(src, memory::desc({c, k}, memory::data_type::f32, Tag::any), bias_desc, dst);
  const dnnl::matmul::primitive_desc pd(desc, attr, engine);
  auto plan = std::make_unique<OneDnnConv::Plan>();
  plan->conv = {"matmul", dnnl::matmul(pd),
                {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, pd.weights_desc()}, {DNNL_ARG_BIAS, bias_desc}, {DNNL_ARG_DST, dst}}};
  plan->out_sizes = {x.size(0), k, x.size(2), x.size(3)};
  plan->nhwc_src = src;
  plan->nhwc_dst = dst;
  // The K×C weight read as the C×K right-hand matrix ("ba").
  plan->weights =
      reordered_weights(weight, memory::desc({c, k}, memory::data_type::f32, Tag::ba), pd.weights_desc());
  plan->bias = bias;
  return plan;
}

// A transposed layer (square kernel) as a direct stride-1 convolution whose
// output is blocks of pixels, or null where oneDNN has no kernel for that.
std::unique_ptr<OneDnnConv::Plan> make_pixel_block_plan(const torch::Tensor& x, const torch::Tensor& weight,
                                                        const torch::Tensor& bias, int64_t stride, int64_t padding,
                                                        std::optional<float> leaky_slope, bool bf16) {
  const int64_t kernel = weight.size(2);
  std::unique_ptr<OneDnnConv::Plan> plan = make_plan(
      dnnl::algorithm::convolution_direct, false, x, pixel_blocks::transposed_weight(weight, stride),
      pixel_blocks::transposed_bias(bias, stride), 1, pixel_blocks::transposed_padding(kernel, stride), leaky_slope,
      bf16);
  if (plan) {
    plan->conv.algorithm = "pixel blocks";
    plan->blocks = PixelBlockGeometry{stride, padding, conv_output_size(x.size(2), kernel, stride, padding, true),
                                      conv_output_size(x.size(3), kernel, stride, padding, true)};
  }
  return plan;
}

// Where oneDNN offers only its GEMM fallback for a padded convolution (on
// AVX2: DIC's 12×12 stride-8 and 8×8 stride-4 layers, 2.5-3× slower), the
// same layer on an input padded in a copy, if its direct kernel takes that.
std::unique_ptr<OneDnnConv::Plan> without_gemm_fallback(std::unique_ptr<OneDnnConv::Plan> plan, const torch::Tensor& x,
                                                        const torch::Tensor& weight, const torch::Tensor& bias,
                                                        int64_t stride, int64_t padding,
                                                        std::optional<float> leaky_slope, bool bf16) {
  if (padding == 0 || plan->implementation.find("gemm") == std::string::npos) return plan;
  std::unique_ptr<OneDnnConv::Plan> padded = make_plan(dnnl::algorithm::convolution_direct, false,
                                                       zero_padded(x, padding), weight, bias, stride, 0, leaky_slope,
                                                       bf16);
  if (!padded || padded->implementation.find("gemm") != std::string::npos) return plan;
  padded->explicit_padding = padding;
  return padded;
}

}  // namespace

bool onednn_available() { return true; }

namespace {

// Whether oneDNN's effective ISA (which ONEDNN_MAX_CPU_ISA can cap) includes `wanted`.
bool cpu_has(dnnl::cpu_isa wanted) {
  const auto isa = static_cast<int>(dnnl::get_effective_cpu_isa()), bits = static_cast<int>(wanted);
  return (isa & bits) == bits;
}

}  // namespace

bool cpu_has_bf16() { return cpu_has(dnnl::cpu_isa::avx512_core_bf16); }

bool cpu_has_avx512() { return cpu_has(dnnl::cpu_isa::avx512_core); }

OneDnnConv::OneDnnConv(const torch::Tensor& weight, const torch::Tensor& bias, int64_t stride, int64_t padding,
                       std::optional<float> leaky_slope, ConvMode mode)
    : weight_(weight.detach().to(torch::kFloat).contiguous().clone()),
      bias_(bias.defined() ? bias.detach().to(torch::kFloat).contiguous().clone() : torch::Tensor()),
      stride_(stride),
      padding_(padding),
      leaky_slope_(leaky_slope),
      mode_(mode) {
  if (weight.dim() != 4 || (bias.defined() && bias.numel() != weight.size(0)) || stride < 1 || padding < 0)
    throw Error("OneDnnConv: needs a K×C×kh×kw weight and a bias of K");
}

std::unique_ptr<OneDnnConv> OneDnnConv::transposed(const torch::Tensor& weight, const torch::Tensor& bias,
                                                   int64_t stride, int64_t padding,
                                                   std::optional<float> leaky_slope, bool bf16) {
  if (bias.defined() && weight.dim() == 4 && bias.numel() != weight.size(1))
    throw Error("OneDnnConv: a transposed convolution needs a bias of its output channels");
  auto conv = std::make_unique<OneDnnConv>(weight, torch::Tensor(), stride, padding, leaky_slope,
                                           ConvMode(ConvAlgorithm::Direct, bf16));
  conv->bias_ = bias.defined() ? bias.detach().to(torch::kFloat).contiguous().clone() : torch::Tensor();
  conv->transposed_ = true;
  return conv;
}

OneDnnConv::~OneDnnConv() = default;

torch::Tensor OneDnnConv::forward(const torch::Tensor& input) {
  const int64_t channels = weight_.size(transposed_ ? 0 : 1);
  if (!input.device().is_cpu() || input.scalar_type() != torch::kFloat || input.dim() != 4 ||
      input.size(1) != channels)
    throw Error(fmt::format("OneDnnConv: needs a float32 CPU N×{}×H×W input", channels));
  RECORD_FUNCTION("facesr::onednn_conv", std::vector<c10::IValue>());  // visible to `bench --profile`
  // A channel slice of a wider NHWC tensor (DIC's growing concatenations)
  // is read in place by a 1×1 layer; anything else is made NHWC first.
  const bool slice_of_nhwc = input.stride(1) == 1 && input.stride(3) > channels &&
                             input.stride(2) == input.size(3) * input.stride(3) &&
                             input.stride(0) == input.size(2) * input.stride(2);
  const bool pointwise = !transposed_ && weight_.size(2) == 1 && weight_.size(3) == 1 && stride_ == 1 && padding_ == 0;
  const bool in_place = pointwise && slice_of_nhwc && !mode_.bf16;
  const torch::Tensor x =
      in_place ? input
               : input.to(torch::TensorOptions()
                              .dtype(mode_.bf16 ? torch::kBFloat16 : torch::kFloat)
                              .memory_format(torch::MemoryFormat::ChannelsLast));
  std::vector<int64_t> key(x.sizes().begin(), x.sizes().end());
  key.push_back(x.stride(3));
  auto found = plans_.find(key);
  if (found == plans_.end() && in_place) {
    found = plans_.emplace(key, make_pointwise_plan(x, weight_, bias_, leaky_slope_)).first;
  } else if (found == plans_.end()) {
    const int64_t pixels = x.size(0) * conv_output_size(x.size(2), weight_.size(2), stride_, padding_, transposed_) *
                           conv_output_size(x.size(3), weight_.size(3), stride_, padding_, transposed_);
    const bool winograd = !transposed_ && (mode_.algorithm == ConvAlgorithm::Winograd ||
                                           (mode_.algorithm == ConvAlgorithm::Fastest &&
                                            winograd_pays(weight_.size(1), weight_.size(0), pixels)));
    std::unique_ptr<Plan> best;
    if (transposed_ && pixel_blocks::pays(stride_, cpu_has_avx512()) && weight_.size(2) == weight_.size(3))
      best = make_pixel_block_plan(x, weight_, bias_, stride_, padding_, leaky_slope_, mode_.bf16);
    if (!best && winograd)
      best = make_plan(dnnl::algorithm::convolution_winograd, false, x, weight_, bias_, stride_, padding_, leaky_slope_,
                       mode_.bf16);
    if (!best) {
      best = make_plan(dnnl::algorithm::convolution_direct, transposed_, x, weight_, bias_, stride_, padding_,
                       leaky_slope_, mode_.bf16);
      if (best && !transposed_)
        best = without_gemm_fallback(std::move(best), x, weight_, bias_, stride_, padding_, leaky_slope_, mode_.bf16);
    }
    if (!best && mode_.bf16) {  // no bf16 kernel for this layer: it stays float32
      mode_.bf16 = false;
      plans_.clear();
      return forward(input);
    }
    if (!best) throw Error("OneDnnConv: oneDNN has no direct convolution for this shape");
    found = plans_.emplace(key, std::move(best)).first;
  }
  return found->second->run(x);
}

std::vector<std::string> OneDnnConv::algorithms() const {
  std::vector<std::string> names;
  for (const auto& [shape, plan] : plans_) names.push_back(plan->conv.algorithm);
  return names;
}

#else  // built without oneDNN: prepare_network never creates one

struct OneDnnConv::Plan {};

bool onednn_available() { return false; }

bool cpu_has_bf16() { return false; }

bool cpu_has_avx512() { return false; }

OneDnnConv::OneDnnConv(const torch::Tensor&, const torch::Tensor&, int64_t, int64_t, std::optional<float>,
                       ConvMode) {
  throw Error(kBuiltWithoutOneDnn);
}
std::unique_ptr<OneDnnConv> OneDnnConv::transposed(const torch::Tensor&, const torch::Tensor&, int64_t, int64_t,
                                                   std::optional<float>, bool) {
  throw Error(kBuiltWithoutOneDnn);
}
OneDnnConv::~OneDnnConv() = default;
torch::Tensor OneDnnConv::forward(const torch::Tensor&) { return {}; }
std::vector<std::string> OneDnnConv::algorithms() const { return {}; }

#endif

}  // namespace facesr
