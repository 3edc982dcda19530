#include "parity.h"

#include <fstream>
#include <set>

#include "io/safetensors.h"
#include "test_paths.h"
#include "weights/fill_v1.h"
#include "weights/state_dict.h"

namespace facesr::test {

namespace {

nlohmann::json read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  return nlohmann::json::parse(in);
}

std::map<std::string, torch::Tensor> read_if_present(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) return {};
  return safetensors::File::open(path.string()).tensors();
}

Tolerance tolerance_from(const nlohmann::json& j) { return {j.at("atol").get<double>(), j.at("rtol").get<double>()}; }

}  // namespace

Fixture Fixture::load(const std::string& name) {
  Fixture f;
  f.name = name;
  f.sidecar = read_json(fixture(name + ".json"));
  f.seed = f.sidecar.at("G").get<uint64_t>();
  f.f32 = safetensors::File::open(fixture(name + ".safetensors").string()).tensors();
  f.f64 = read_if_present(fixture(name + ".f64.safetensors"));
  f.blocks = read_if_present(fixture(name + ".blocks.safetensors"));
  return f;
}

Tolerance Fixture::tolerance(const std::string& output, bool float64) const {
  return tolerance_from(sidecar.at(float64 ? "tolerance_float64" : "tolerance").at(output));
}

Tolerance Fixture::block_tolerance(const std::string& path, bool float64) const {
  return tolerance_from(sidecar.at("blocks").at(path).at(float64 ? "tolerance_float64" : "tolerance"));
}

::testing::AssertionResult all_close(const torch::Tensor& actual, const torch::Tensor& expected, Tolerance tol) {
  if (actual.sizes() != expected.sizes()) {
    return ::testing::AssertionFailure() << "shape " << actual.sizes() << " != expected " << expected.sizes();
  }
  const auto a = actual.detach().to(torch::kCPU, torch::kFloat64);
  const auto e = expected.detach().to(torch::kCPU, torch::kFloat64);
  if (!torch::isfinite(a).all().item<bool>()) return ::testing::AssertionFailure() << "output has NaN or Inf";
  const auto diff = (a - e).abs();
  const auto bound = tol.atol + tol.rtol * e.abs();
  const auto ratio = diff / bound;
  const int64_t worst = ratio.flatten().argmax().item<int64_t>();
  const double worst_ratio = ratio.flatten()[worst].item<double>();
  const double max_abs = diff.max().item<double>();
  if (worst_ratio <= 1.0) {
    return ::testing::AssertionSuccess() << "max abs diff " << max_abs << ", worst/bound " << worst_ratio;
  }
  return ::testing::AssertionFailure() << "max abs diff " << max_abs << "; worst element #" << worst << " differs by "
                                       << diff.flatten()[worst].item<double>() << " (" << worst_ratio
                                       << "x the bound; atol " << tol.atol << ", rtol " << tol.rtol << "), actual "
                                       << a.flatten()[worst].item<double>() << " expected "
                                       << e.flatten()[worst].item<double>();
}

void expect_state_matches_weights_json(const torch::nn::Module& module, const std::string& fixture_name) {
  const auto j = read_json(fixture(fixture_name + ".weights.json"));
  std::map<std::string, torch::Tensor> own;
  for (const auto& [k, v] : state_entries(module)) own.emplace(k, v);

  std::set<std::string> official;
  for (const auto& entry : j.at("entries")) {
    const std::string key = entry.at("key");
    official.insert(key);
    const auto it = own.find(key);
    if (it == own.end()) {
      ADD_FAILURE() << "missing official key " << key;
      continue;
    }
    SCOPED_TRACE(key);
    const auto shape = entry.at("shape").get<std::vector<int64_t>>();
    EXPECT_EQ(it->second.sizes().vec(), shape);
    EXPECT_EQ(fill::role_name(fill::role_of(key, shape)), entry.at("role").get<std::string>());
    const auto values = it->second.detach().to(torch::kCPU, torch::kFloat64).flatten();
    if (values.numel() == 0) continue;
    EXPECT_DOUBLE_EQ(values[0].item<double>(), entry.at("first").get<double>());
    const double sum = entry.at("sum").get<double>();
    const double sum_abs = entry.at("sum_abs").get<double>();
    EXPECT_NEAR(values.sum().item<double>(), sum, 1e-12 * std::max(1.0, std::abs(sum_abs)));
    EXPECT_NEAR(values.abs().sum().item<double>(), sum_abs, 1e-12 * std::max(1.0, sum_abs));
  }
  for (const auto& [k, v] : own) EXPECT_TRUE(official.count(k)) << "key not in the official state_dict: " << k;
}

double relative_error(const torch::Tensor& got, const torch::Tensor& want) {
  const torch::Tensor reference = want.to(torch::kDouble);
  return ((got.to(torch::kDouble) - reference).abs().max() / reference.abs().max()).item<double>();
}

}  // namespace facesr::test
