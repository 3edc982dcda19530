// A float32 CPU convolution for inference run by oneDNN directly, built only
// where LibTorch itself uses the system oneDNN (FACESR_ONEDNN; see
// CMakeLists.txt). What LibTorch's conv2d cannot do:
//  - Winograd: oneDNN's F(2×2,3×3)/F(4×4,3×3) kernels do 2-4x fewer
//    multiplications for 3×3 stride-1 layers; LibTorch always asks for direct
//    convolution. Used where winograd_pays and oneDNN has a kernel (AVX-512
//    float32; AVX2 machines run direct). It rounds differently: within 1e-4
//    of the output's range in the tests, far below the 0.01 dB bar, and its
//    weights take up to 4x the memory;
//  - weights reordered once into the kernel's layout instead of every call;
//  - the bias and a (leaky) ReLU fused into the convolution's output pass;
//  - on AVX2, transposed layers of stride 4 and up as stride-1 convolutions
//    whose output is blocks of pixels (onednn/pixel_blocks.h);
//  - a padded layer oneDNN would run through its GEMM fallback gets its
//    padding in a copy, so that its direct kernel takes it.
// Output NHWC (channels-last) float32, whatever the input's memory format.
// In bf16 mode the input and weights are rounded to bfloat16 for the
// convolution (AVX512_BF16 kernels, about twice the float32 speed), which
// still accumulates, adds the bias and writes in float32.
#pragma once

#include <torch/torch.h>

#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

namespace facesr {

// True where this build has the oneDNN path.
bool onednn_available();
// What to tell a user who asks for it where it is not.
inline constexpr char kBuiltWithoutOneDnn[] = "this facesr was built without oneDNN (install libdnnl-dev and rebuild)";

// Fastest: Winograd where winograd_pays (what inference and training use).
enum class ConvAlgorithm { Fastest, Direct, Winograd };

// How a OneDnnConv computes. bf16: direct kernels only (oneDNN has no bf16
// Winograd); worth it only where the CPU has AVX512_BF16 (cpu_has_bf16).
struct ConvMode {
  ConvMode(ConvAlgorithm algorithm = ConvAlgorithm::Fastest, bool bf16 = false) : algorithm(algorithm), bf16(bf16) {}
  ConvAlgorithm algorithm;
  bool bf16;
};

// Where a 3×3 stride-1 layer runs Winograd (Fastest), in inference and
// training alike: a fixed rule, so results do not depend on a timing and the
// first call does not pay for one. Measured on AVX-512 at 2 threads
// (bench/README.md): Winograd wins for 32+ channels in and out on 1,024+
// output pixels per call (1.6x SCGAN's batch of 16) and loses or ties below.
bool winograd_pays(int64_t in_channels, int64_t out_channels, int64_t output_pixels);

// True where the CPU has AVX512_BF16 (bf16 dot products in hardware).
bool cpu_has_bf16();
// True where oneDNN runs AVX-512 kernels (avx512_core; ONEDNN_MAX_CPU_ISA can cap it).
bool cpu_has_avx512();

class OneDnnConv {
 public:
  // weight K×C×kh×kw, bias K (may be undefined), zero `padding` on each
  // side. `leaky_slope`: the negative slope of a fused ReLU (0 for ReLU), or
  // nullopt for none. Winograd falls back to direct where oneDNN has no
  // Winograd kernel (strided or non-3×3 layers).
  OneDnnConv(const torch::Tensor& weight, const torch::Tensor& bias, int64_t stride, int64_t padding,
             std::optional<float> leaky_slope, ConvMode mode = {});
  // A transposed convolution (ConvTranspose2d, weight C×K×kh×kw, no output
  // padding), direct only, bf16 if asked. LibTorch 1.13 runs these as GEMM + col2im: 2
  // GFLOP/s for DIC's 12×12 stride-8 projections.
  static std::unique_ptr<OneDnnConv> transposed(const torch::Tensor& weight, const torch::Tensor& bias,
                                                int64_t stride, int64_t padding, std::optional<float> leaky_slope,
                                                bool bf16 = false);
  ~OneDnnConv();
  OneDnnConv(const OneDnnConv&) = delete;
  OneDnnConv& operator=(const OneDnnConv&) = delete;

  // A 1×1 layer given a channel slice of a wider NHWC tensor reads it in
  // place, as one matmul over the pixels.
  torch::Tensor forward(const torch::Tensor& x);
  // "direct", "winograd", "matmul" or "pixel blocks" per input shape seen so far (for tests and bench).
  std::vector<std::string> algorithms() const;

  struct Plan;

 private:
  torch::Tensor weight_, bias_;
  int64_t stride_, padding_;
  std::optional<float> leaky_slope_;
  ConvMode mode_;
  bool transposed_ = false;
  std::map<std::vector<int64_t>, std::unique_ptr<Plan>> plans_;
};

}  // namespace facesr
