// `facesr bench`: inference and training speed of a zoo network with fill-v1
// weights (no files needed): images/s, latency, FLOPs, peak memory.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "bench/flops.h"
#include "bench/machine.h"
#include "bench/memory.h"
#include "bench/op_profile.h"
#include "bench/timing.h"
#include "commands/commands.h"
#include "commands/number_checks.h"
#include "core/error.h"
#include "inference/inference_tuning.h"
#include "io/atomic_file.h"
#include "onednn/conv_backend.h"
#include "onednn/training_conv.h"
#include "runtime/runtime.h"
#include "weights/fill_v1.h"

namespace facesr::cli {

namespace {

constexpr uint64_t kFillSeed = 20261122;  // the fixtures' G

struct BenchOptions {
  std::string model;
  std::string model_options = "{}";
  std::vector<int> batches;
  std::vector<std::string> dtypes{"fp32", "bf16", "fp16"};
  int threads = 0;
  std::string device = "cpu";
  int repeats = 5;
  int warmup = 1;
  bool train = false;
  bool profile = false;
  std::string tuning = "default";
  std::string json_path;
};

torch::ScalarType parse_dtype(const std::string& name) {
  if (name == "fp32") return torch::kFloat;
  if (name == "bf16") return torch::kBFloat16;
  if (name == "fp16") return torch::kHalf;
  throw Error(fmt::format("--dtype {}: expected fp32, bf16 or fp16", name));
}

// Why `dtype` is not measured on `device`, or "" when it is.
std::string dtype_unsupported(const std::string& dtype, const torch::Device& device, bool train) {
  if (dtype == "fp16" && !device.is_cuda()) return "fp16 is measured on CUDA only";
  if (train && dtype != "fp32") return "training steps are measured in fp32 only";
  return "";
}

double mib(int64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

class Bench {
 public:
  Bench(const BenchOptions& o, const ModelSpec& spec, torch::Device device)
      : o_(o), spec_(spec), device_(device), cpu_(bench::cpu_info()) {}

  nlohmann::json run() {
    const int threads = torch::get_num_threads();
    const ImageConvention& c = spec_.convention;
    const bench::MacCount macs = count_forward_macs();
    report_ = {
        {"model", spec_.name},
        {"model_options", nlohmann::json::parse(o_.model_options)},
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
    const std::string what =
        fmt::format("{}, tuning {}", o_.train ? "training step" : "inference", report_["tuning"].get<std::string>());
    fmt::print("{} on {} ({} threads): {:.3f} GFLOPs/image ({})\n", spec_.name, device_.str(), threads,
               macs.flops() / 1e9, what);
    fmt::print("{:>6} {:>5} {:>12} {:>10} {:>10} {:>9} {:>7} {:>10}\n", "batch", "dtype", "latency ms", "CPU ms",
               "images/s", "GFLOP/s", "% peak", "peak MiB");
    for (const std::string& dtype : o_.dtypes) {
      if (const std::string why = dtype_unsupported(dtype, device_, o_.train); !why.empty()) {
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
    auto net = spec_.make(nlohmann::json::parse(o_.model_options));
    fill::fill_module(*net, kFillSeed);
    return net;
  }

  torch::Tensor input(int batch) const {
    const int s = spec_.convention.input_size;
    return fill::input("input", {batch, 3, s, s}, kFillSeed);
  }

  // FLOPs of one image, counted on the CPU in float32.
  bench::MacCount count_forward_macs() const {
    auto net = make_network();
    net->eval();
    torch::InferenceMode guard;
    const torch::Tensor x = input(1);
    return bench::count_macs([&] { net->forward(x); });
  }

  void skip(const std::string& dtype, const std::string& why) {
    fmt::print("{:>6} {:>5}  skipped: {}\n", "-", dtype, why);
    report_["skipped"].push_back({{"dtype", dtype}, {"reason", why}});
  }

  void measure(const std::string& dtype, int batch, double flops_per_image) {
    auto net = make_network();
    const torch::Tensor x = input(batch);
    const auto sync = [this] {
      if (device_.is_cuda()) torch::cuda::synchronize(device_.index() < 0 ? -1 : device_.index());
    };
    bench::reset_peak_memory(device_);
    bench::Timing timing;
    std::vector<bench::OperatorTime> operators;
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
      timing = bench::time_work(step, o_.warmup, o_.repeats, sync);
      if (o_.profile) operators = bench::profile_operators(step);
    } else {
      InferenceTuning tuning = parse_tuning(o_.tuning, device_, spec_);
      tuning.dtype = parse_dtype(dtype);
      prepare_network(*net, device_, tuning);
      torch::InferenceMode guard;
      timing = bench::time_work([&] { run_network(*net, x, device_, tuning); }, o_.warmup, o_.repeats, sync);
      if (o_.profile) operators = bench::profile_operators([&] { run_network(*net, x, device_, tuning); });
    }
    const bench::PeakMemory peak = bench::peak_memory(device_);
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
    fmt::print("{:>6} {:>5} {:>12.2f} {:>10.2f} {:>10.3f} {:>9.2f} {:>7} {:>10.1f}\n", batch, dtype,
               timing.median * 1e3, timing.cpu_median * 1e3, images_per_s, achieved / 1e9,
               peak_flops > 0 ? fmt::format("{:.1f}", 100 * achieved / peak_flops) : "-", mib(peak.bytes));
    if (!operators.empty()) print_profile(operators, report_["results"].back());
    if (o_.train) {
      const std::vector<std::string> choices = onednn_training_choices();
      if (o_.profile)
        for (const std::string& line : choices) fmt::print("{:>14}conv {}\n", "", line);
      report_["results"].back()["onednn_training_choices"] = choices;
    }
  }

  // The operators taking most of one more forward pass, as a table and in the JSON.
  static void print_profile(const std::vector<bench::OperatorTime>& operators, nlohmann::json& result) {
    double total = 0;
    for (const auto& op : operators) total += op.seconds;
    fmt::print("{:>14}{:<32} {:>6} {:>10} {:>6}\n", "", "operator (one more pass)", "calls", "ms", "%");
    for (size_t i = 0; i < operators.size() && i < 12; ++i)
      fmt::print("{:>14}{:<32} {:>6} {:>10.2f} {:>6.1f}\n", "", operators[i].name, operators[i].calls,
                 operators[i].seconds * 1e3, 100 * operators[i].seconds / total);
    for (const auto& op : operators)
      result["operators"].push_back({{"name", op.name}, {"calls", op.calls}, {"ms", op.seconds * 1e3}});
  }

  const BenchOptions& o_;
  const ModelSpec& spec_;
  torch::Device device_;
  bench::CpuInfo cpu_;
  ConvBackend training_conv_;  // --train: oneDNN's training path (--tuning default) or LibTorch's (none)
  nlohmann::json report_;
};

void run_bench(BenchOptions& o) {
  const ModelSpec& spec = find_model(o.model);
  if (!spec.make) throw Error(fmt::format("-m {} is a fixed resampler with no network to benchmark; pick a network "
                                          "from `facesr models`",
                                          spec.name));
  for (const std::string& dtype : o.dtypes) parse_dtype(dtype);  // refuse a typo before any work
  if (o.threads > 0) configure_threads(o.threads);
  const torch::Device device = select_device(o.device);
  if (o.batches.empty()) o.batches = {1, device.is_cuda() ? 64 : 16};
  nlohmann::json report = Bench(o, spec, device).run();
  if (report["results"].empty()) throw Error("nothing was measured: every --dtype was skipped (see above)");
  if (!o.json_path.empty()) write_file_atomic(o.json_path, [&](std::ostream& out) { out << report.dump(1) << "\n"; });
}

}  // namespace

void add_bench_command(CLI::App& app, const GlobalOptions&) {
  auto o = std::make_shared<BenchOptions>();
  auto* cmd = app.add_subcommand("bench", "Measure inference (or training-step) speed of a zoo network");
  cmd->add_option("-m,--model", o->model, "Zoo model (see `facesr models`)")->required();
  cmd->add_option("--model-options", o->model_options, "Model options as JSON, e.g. {\"num_groups\":3}")
      ->capture_default_str();
  cmd->add_option("--batch", o->batches, "Batch sizes (default 1,16 on CPU, 1,64 on CUDA)")
      ->delimiter(',')
      ->check(kPositive);
  cmd->add_option("--dtype", o->dtypes, "Element types: fp32, bf16 (CPU: if it runs), fp16 (CUDA only)")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--threads", o->threads, "CPU threads (0: keep the global --threads)")
      ->check(kNonNegative);
  cmd->add_option("--device", o->device, "cpu, cuda or cuda:N")->capture_default_str();
  cmd->add_option("--repeats", o->repeats, "Timed runs; the median is reported")
      ->capture_default_str()
      ->check(kPositive);
  cmd->add_option("--warmup", o->warmup, "Untimed runs first")->capture_default_str()->check(kNonNegative);
  cmd->add_flag("--profile", o->profile,
               "After each measurement, time one more pass (or training step) per operator and print the largest");
  cmd->add_flag("--train", o->train, "Time one training step (forward, L1 loss, backward, Adam) instead");
  cmd->add_option("--tuning", o->tuning,
                  "Inference speed settings: default (what upscale uses), none, or a comma list of fold_bn, "
                  "channels_last, onednn[=direct|winograd], micro_batch=N. With --train: default "
                  "(convolutions through oneDNN, Winograd for wide 3x3 layers, what train uses) or none")
      ->capture_default_str();
  cmd->add_option("--json", o->json_path, "Also write the results as JSON to this file");
  cmd->callback([o] { run_bench(*o); });
}

}  // namespace facesr::cli
