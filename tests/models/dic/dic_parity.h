// Runs a fixture's outputs through a model in float32 and then float64, as
// the fixtures README §3 prescribes, so every DIC-family test compares the
// same way.
#pragma once

#include <torch/torch.h>

#include <functional>
#include <map>
#include <string>

#include "parity.h"

namespace facesr::test {

// all_close, plus one "[ parity ]" line with the max abs diff for the log.
void expect_close_and_report(const std::string& label, const torch::Tensor& actual, const torch::Tensor& expected,
                             Tolerance tol);

using NamedOutputs = std::map<std::string, torch::Tensor>;

// `run` maps the fixture input to the named outputs. The model must already
// be filled with fill-v1; it is moved to float64 for the second pass (left
// out with `float64_pass` false). Every output named in the fixture's
// tolerance table must be produced.
void expect_matches_fixture(torch::nn::Module& model, const Fixture& fixture,
                            const std::function<NamedOutputs(const torch::Tensor&)>& run, bool float64_pass = true);

}  // namespace facesr::test
