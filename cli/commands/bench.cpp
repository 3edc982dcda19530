// `facesr bench`: inference and training speed of a zoo network with fill-v1
// weights (no files needed), measured by bench/network_bench.h and printed.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "bench/network_bench.h"
#include "commands/commands.h"
#include "commands/number_checks.h"
#include "core/error.h"
#include "io/atomic_file.h"
#include "runtime/runtime.h"

namespace facesr::cli {

namespace {

struct BenchOptions {
  bench::NetworkBenchOptions network;
  std::string model_options = "{}";
  std::string device = "cpu";
  int threads = 0;
  std::string json_path;
};

void print_header(const nlohmann::json& report) {
  const bool train = report["mode"] == "train";
  fmt::print("{} on {} ({} threads): {:.3f} GFLOPs/image ({}, tuning {})\n", report["model"].get<std::string>(),
             report["device"].get<std::string>(), report["threads"].get<int>(),
             report["gflops_per_image"].get<double>(), train ? "training step" : "inference",
             report["tuning"].get<std::string>());
  fmt::print("{:>6} {:>5} {:>12} {:>10} {:>10} {:>9} {:>7} {:>10}\n", "batch", "dtype", "latency ms", "CPU ms",
             "images/s", "GFLOP/s", "% peak", "peak MiB");
}

// One measured row; with --profile the operators taking most of one more pass.
void print_result(const nlohmann::json& r, bool profile) {
  const double peak_fraction = r["peak_fraction"].get<double>();
  fmt::print("{:>6} {:>5} {:>12.2f} {:>10.2f} {:>10.3f} {:>9.2f} {:>7} {:>10.1f}\n", r["batch"].get<int>(),
             r["dtype"].get<std::string>(), r["latency_ms"].get<double>(), r["cpu_ms"].get<double>(),
             r["images_per_s"].get<double>(), r["achieved_gflops"].get<double>(),
             peak_fraction > 0 ? fmt::format("{:.1f}", 100 * peak_fraction) : "-", r["peak_memory_mib"].get<double>());
  if (!r.contains("operators")) return;
  double total = 0;
  for (const auto& op : r["operators"]) total += op["ms"].get<double>();
  fmt::print("{:>14}{:<32} {:>6} {:>10} {:>6}\n", "", "operator (one more pass)", "calls", "ms", "%");
  for (size_t i = 0; i < r["operators"].size() && i < 12; ++i) {
    const auto& op = r["operators"][i];
    fmt::print("{:>14}{:<32} {:>6} {:>10.2f} {:>6.1f}\n", "", op["name"].get<std::string>(), op["calls"].get<int64_t>(),
               op["ms"].get<double>(), 100 * op["ms"].get<double>() / total);
  }
  if (profile && r.contains("onednn_training_choices"))
    for (const auto& line : r["onednn_training_choices"]) fmt::print("{:>14}conv {}\n", "", line.get<std::string>());
}

void run_bench(BenchOptions& o) {
  o.network.model_options = nlohmann::json::parse(o.model_options, nullptr, /*allow_exceptions=*/false);
  if (o.network.model_options.is_discarded())
    throw Error(fmt::format("--model-options {}: not JSON; e.g. --model-options '{{\"res_depth\": 2}}'", o.model_options));
  if (o.threads > 0) configure_threads(o.threads);
  o.network.device = select_device(o.device);
  bench::NetworkBenchEvents events;
  events.on_start = print_header;
  events.on_result = [&](const nlohmann::json& r) { print_result(r, o.network.profile); };
  events.on_skip = [](const std::string& dtype, const std::string& why) {
    fmt::print("{:>6} {:>5}  skipped: {}\n", "-", dtype, why);
  };
  const nlohmann::json report = bench::run_network_bench(o.network, events);
  if (!o.json_path.empty()) write_file_atomic(o.json_path, [&](std::ostream& out) { out << report.dump(1) << "\n"; });
}

}  // namespace

void add_bench_command(CLI::App& app, const GlobalOptions&) {
  auto o = std::make_shared<BenchOptions>();
  auto* cmd = app.add_subcommand("bench", "Measure inference (or training-step) speed of a zoo network");
  cmd->add_option("-m,--model", o->network.model, "Zoo model (see `facesr models`)")->required();
  cmd->add_option("--model-options", o->model_options, "Model options as JSON, e.g. {\"num_groups\":3}")
      ->capture_default_str();
  cmd->add_option("--batch", o->network.batches, "Batch sizes (default 1,16 on CPU, 1,64 on CUDA)")
      ->delimiter(',')
      ->check(kPositive);
  cmd->add_option("--dtype", o->network.dtypes, "Element types: fp32, bf16 (CPU: if it runs), fp16 (CUDA only)")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--threads", o->threads, "CPU threads (0: keep the global --threads)")
      ->check(kNonNegative);
  cmd->add_option("--device", o->device, "cpu, cuda or cuda:N")->capture_default_str();
  cmd->add_option("--repeats", o->network.repeats, "Timed runs; the median is reported")
      ->capture_default_str()
      ->check(kPositive);
  cmd->add_option("--warmup", o->network.warmup, "Untimed runs first")->capture_default_str()->check(kNonNegative);
  cmd->add_flag("--profile", o->network.profile,
               "After each measurement, time one more pass (or training step) per operator and print the largest");
  cmd->add_flag("--train", o->network.train, "Time one training step (forward, L1 loss, backward, Adam) instead");
  cmd->add_option("--tuning", o->network.tuning,
                  "Inference speed settings: default (what upscale uses), none, or a comma list of fold_bn, "
                  "channels_last, onednn[=direct|winograd], micro_batch=N. With --train: default "
                  "(convolutions through oneDNN, Winograd for wide 3x3 layers, what train uses) or none")
      ->capture_default_str();
  cmd->add_option("--json", o->json_path, "Also write the results as JSON to this file");
  cmd->callback([o] { run_bench(*o); });
}

}  // namespace facesr::cli
