#include "bench/machine.h"

#include <fmt/format.h>

#include <fstream>
#include <set>
#include <sstream>
#include <thread>

namespace facesr::bench {

namespace {

std::string trimmed(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t");
  const size_t e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

CpuInfo parse_cpuinfo(const std::string& text, int logical_cores) {
  CpuInfo info;
  info.logical_cores = logical_cores;
  std::set<std::string> flags;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (trimmed(line).empty()) break;  // end of the first processor block
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string key = trimmed(line.substr(0, colon));
    const std::string value = trimmed(line.substr(colon + 1));
    if (key == "model name") info.model = value;
    if (key == "cpu MHz") info.mhz = std::stod(value);
    if (key == "flags") {
      std::istringstream words(value);
      for (std::string w; words >> w;) flags.insert(w);
    }
  }
  const int lanes = flags.count("avx512f") ? 16 : flags.count("fma") && flags.count("avx2") ? 8 : 4;
  info.simd = lanes == 16 ? "avx512" : lanes == 8 ? "avx2" : "sse";
  info.avx512_bf16 = flags.count("avx512_bf16") > 0;
  // Two FMA pipes per core, each lanes-wide, an FMA being 2 FLOPs.
  info.flops_per_cycle = 2 * 2 * lanes;
  info.peak_assumption = fmt::format(
      "float32 peak = threads x {:.0f} MHz (/proc/cpuinfo, no turbo) x {} FLOP/cycle (2 FMA pipes x {} {} lanes x 2); "
      "cores that split 512-bit FMAs in two (Zen 4) or have one 512-bit FMA port reach half of it",
      info.mhz, info.flops_per_cycle, lanes, info.simd);
  return info;
}

CpuInfo cpu_info() {
  std::ifstream in("/proc/cpuinfo");
  std::stringstream text;
  text << in.rdbuf();
  return parse_cpuinfo(text.str(), static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
}

}  // namespace facesr::bench
