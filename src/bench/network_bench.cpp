#include "bench/network_bench.h"

#include <fmt/format.h>

#include "bench/flops.h"
#include "bench/machine.h"
#include "bench/memory.h"
#include "bench/op_profile.h"
#include "bench/timing.h"
#include "core/error.h"
#include "inference/inference_tuning.h"
#include "models/registry.h"
#include "onednn/conv_backend.h"
#include "onednn/training_conv.h"
#include "weights/fill_v1.h"

namespace facesr::bench {

torch::ScalarType parse_dtype(const std::string& name) {
  if (name == "fp32") return torch::kFloat;
  if (name == "bf16") return torch::kBFloat16;
  if (name == "fp16") return torch::kHalf;
  throw Error(fmt::format("--dtype {}: expected fp32, bf16 or fp16", name));
}

namespace {

constexpr uint64_t kFillSeed = 20261122;  // the fixtures' G

// Why `dtype` is not measured on `device`, or "" when it is.
std::string dtype_unsupported(const std::string& dtype, const torch::Device& device, bool train, bool cpu_bf16) {
  if (dtype == "fp16" && !device.is_cuda()) return "fp16 is measured on CUDA only";
  if (train && dtype != "fp32") return "training steps are measured in fp32 only";
  // Emulated bf16 ran SPARNet-Light at 0.1 img/s on an AVX2 machine: a default bench seemed to hang.
  if (dtype == "bf16" && device.is_cpu() && !cpu_bf16) return "this CPU has no AVX512_BF16: bf16 would be emulated, about 100x slower";
  return "";
}

double mib(int64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

class Bench {
 public:
  Bench(const NetworkBenchOptions& o, const ModelSpec& spec, const NetworkBenchEvents& events)
      : o_(o), spec_(spec), device_(o.device), events_(events), cpu_(cpu_info()) {}

  nlohmann::json run() {
    const int threads = torch::get_num_threads();
    const ImageConvention& c = spec_.convention;
    const MacCount macs = count_forward_macs();
    report_ = {
        {"model", spec_.name},
        {"model_options", o_.model_options},
        {"mode", o_.train ? "train" : "inference"},
        {"device", device_.str()},
        {"threads", threads},
        {"torch_version", TORCH_VERSION},
        {"input_shape", {3, c.input_size, c.input_size}},
        {"weights", "fill-v1, seed 20261122"},
        {"warmup", o_.warmup},
        {"repeats", o_.repeats},
        {"gmacs_per_image", static_cast<double>(macs.total()) / 1e9},
        {"gflops_per_image", macs.flops() / 1e9},
        {"flops_counted", "2 x multiply-adds of every convolution (incl. transposed) and matrix product (linear "
                          "layers, attention); norms, activations, softmax, resampling, padding and element-wise "
                          "ops not counted"},
        {"gmacs_conv_per_image", static_cast<double>(macs.conv) / 1e9},
        {"machine",
         {{"cpu", cpu_.model},
          {"logical_cores", cpu_.logical_cores},
          {"mhz", cpu_.mhz},
          {"simd", cpu_.simd},
          {"avx512_bf16", cpu_.avx512_bf16},
          {"peak_gflops_fp32", device_.is_cuda() ? 0.0 : cpu_.peak_flops(threads) / 1e9},
          {"peak_assumption", device_.is_cuda() ? "not estimated for GPUs" : cpu_.peak_assumption}}},
        {"results", nlohmann::json::array()},
        {"skipped", nlohmann::json::array()}};
    if (o_.train) {
      if (o_.tuning != "default" && o_.tuning != "none")
        throw Error(fmt::format("--tuning {} with --train: expected default (convolutions through oneDNN, "
                                "Winograd for wide 3×3 layers) or none (LibTorch's convolutions)",
                                o_.tuning));
      training_conv_.onednn = o_.tuning == "default" && onednn_available();
      report_["tuning"] = training_conv_.onednn ? "onednn_training" : "none";
    } else {
      report_["tuning"] = describe(parse_tuning(o_.tuning, device_, spec_));
    }
    if (events_.on_start) events_.on_start(report_);
    for (const std::string& dtype : o_.dtypes) {
      if (const std::string why = dtype_unsupported(dtype, device_, o_.train, cpu_.avx512_bf16); !why.empty()) {
        skip(dtype, why);
        continue;
      }
      for (int batch : o_.batches) {
        try {
          measure(dtype, batch, macs.flops() * (o_.train ? 3.0 : 1.0));
        } catch (const c10::Error& e) {
          // bf16 kernels are missing for some operators on some builds.
          skip(dtype, fmt::format("batch {} does not run: {}", batch, e.what_without_backtrace()));
          break;
        }
      }
    }
    return report_;
  }

 private:
  std::shared_ptr<SRNetwork> make_network() const {
    auto net = spec_.make(o_.model_options);
    fill::fill_module(*net, kFillSeed);
    return net;
  }

  torch::Tensor input(int batch) const {
    const int s = spec_.convention.input_size;
    return fill::input("input", {batch, 3, s, s}, kFillSeed);
  }

  // FLOPs of one image, counted on the CPU in float32.
  MacCount count_forward_macs() const {
    auto net = make_network();
    net->eval();
    torch::InferenceMode guard;
    const torch::Tensor x = input(1);
    return count_macs([&] { net->forward(x); });
  }

  void skip(const std::string& dtype, const std::string& why) {
    if (events_.on_skip) events_.on_skip(dtype, why);
    report_["skipped"].push_back({{"dtype", dtype}, {"reason", why}});
  }

  void measure(const std::string& dtype, int batch, double flops_per_image) {
    auto net = make_network();
    const torch::Tensor x = input(batch);
    const auto sync = [this] {
      if (device_.is_cuda()) torch::cuda::synchronize(device_.index() < 0 ? -1 : device_.index());
    };
    reset_peak_memory(device_);
    Timing timing;
    std::vector<OperatorTime> operators;
    if (o_.train) {
      net->to(device_);
      net->train();
      set_conv_backend(*net, training_conv_);
      torch::optim::Adam adam(net->parameters(), torch::optim::AdamOptions(1e-4));
      const torch::Tensor in = x.to(device_);
      // The target only needs the output's shape: an L1 loss against zeros.
      torch::Tensor target;
      {
        torch::NoGradGuard no_grad;
        target = torch::zeros_like(net->forward(in));
      }
      const auto step = [&] {
        adam.zero_grad();
        torch::Tensor loss = torch::l1_loss(net->forward(in), target);
        loss.backward();
        adam.step();
      };
      timing = time_work(step, o_.warmup, o_.repeats, sync);
      if (o_.profile) operators = profile_operators(step);
    } else {
      InferenceTuning tuning = parse_tuning(o_.tuning, device_, spec_);
      tuning.dtype = parse_dtype(dtype);
      prepare_network(*net, device_, tuning);
      torch::InferenceMode guard;
      timing = time_work([&] { run_network(*net, x, device_, tuning); }, o_.warmup, o_.repeats, sync);
      if (o_.profile) operators = profile_operators([&] { run_network(*net, x, device_, tuning); });
    }
    const PeakMemory peak = peak_memory(device_);
    const double images_per_s = batch / timing.median;
    const double achieved = images_per_s * flops_per_image;
    const double peak_flops = device_.is_cuda() ? 0.0 : cpu_.peak_flops(torch::get_num_threads());
    std::vector<double> ms, cpu_ms;
    for (double s : timing.seconds) ms.push_back(s * 1e3);
    for (double s : timing.cpu_seconds) cpu_ms.push_back(s * 1e3);
    report_["results"].push_back({{"batch", batch},
                                  {"dtype", dtype},
                                  {"latency_ms", timing.median * 1e3},
                                  {"latency_ms_all", ms},
                                  {"cpu_ms", timing.cpu_median * 1e3},
                                  {"cpu_ms_all", cpu_ms},
                                  {"images_per_s", images_per_s},
                                  {"achieved_gflops", achieved / 1e9},
                                  {"peak_fraction", peak_flops > 0 ? achieved / peak_flops : 0.0},
                                  {"peak_memory_mib", mib(peak.bytes)},
                                  {"memory_measure", peak.kind}});
    if (!operators.empty()) {
      nlohmann::json& listed = report_["results"].back()["operators"];
      for (const auto& op : operators) listed.push_back({{"name", op.name}, {"calls", op.calls}, {"ms", op.seconds * 1e3}});
    }
    if (o_.train) report_["results"].back()["onednn_training_choices"] = onednn_training_choices();
    if (events_.on_result) events_.on_result(report_["results"].back());
  }

  const NetworkBenchOptions& o_;
  const ModelSpec& spec_;
  torch::Device device_;
  const NetworkBenchEvents& events_;
  CpuInfo cpu_;
  ConvBackend training_conv_;  // --train: oneDNN's training path (--tuning default) or LibTorch's (none)
  nlohmann::json report_;
};

}  // namespace

nlohmann::json run_network_bench(const NetworkBenchOptions& options, const NetworkBenchEvents& events) {
  const ModelSpec& spec = find_model(options.model);
  if (!spec.make) throw Error(fmt::format("-m {} is a fixed resampler with no network to benchmark; pick a network "
                                          "from `facesr models`",
                                          spec.name));
  for (const std::string& dtype : options.dtypes) parse_dtype(dtype);  // refuse a typo before any work
  NetworkBenchOptions o = options;
  if (o.batches.empty()) o.batches = {1, o.device.is_cuda() ? 64 : 16};
  nlohmann::json report = Bench(o, spec, events).run();
  if (report["results"].empty()) throw Error("nothing was measured: every --dtype was skipped (see why above)");
  return report;
}

}  // namespace facesr::bench
