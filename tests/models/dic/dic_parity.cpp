#include "models/dic/dic_parity.h"

#include <gtest/gtest.h>

#include <iostream>

namespace facesr::test {

void expect_close_and_report(const std::string& label, const torch::Tensor& actual, const torch::Tensor& expected,
                             Tolerance tol) {
  const auto result = all_close(actual, expected, tol);
  EXPECT_TRUE(result) << label;
  std::cout << "[ parity   ] " << label << ": " << result.message() << "\n";
}

void expect_matches_fixture(torch::nn::Module& model, const Fixture& fixture,
                            const std::function<NamedOutputs(const torch::Tensor&)>& run, bool float64_pass) {
  torch::NoGradGuard no_grad;
  model.eval();
  const auto& input = fixture.f32.at("input");
  for (const bool float64 : {false, true}) {
    if (float64 && !float64_pass) break;
    SCOPED_TRACE(float64 ? "float64" : "float32");
    if (float64) model.to(torch::kFloat64);
    const NamedOutputs outputs = run(float64 ? input.to(torch::kFloat64) : input);
    const auto& expected = float64 ? fixture.f64 : fixture.f32;
    for (const auto& entry : fixture.sidecar.at(float64 ? "tolerance_float64" : "tolerance").items()) {
      const std::string name = entry.key();
      SCOPED_TRACE(name);
      ASSERT_TRUE(outputs.count(name)) << "model produced no output " << name;
      EXPECT_EQ(outputs.at(name).scalar_type(), float64 ? torch::kFloat64 : torch::kFloat32);
      expect_close_and_report(fixture.name + " " + name + (float64 ? " f64" : " f32"), outputs.at(name),
                              expected.at(name), fixture.tolerance(name, float64));
    }
  }
}

}  // namespace facesr::test
