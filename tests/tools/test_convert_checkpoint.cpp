// tools/convert_checkpoint.py end to end: an official-looking .pth (fill-v1
// weights under `params`, with `module.` prefixes) converts to safetensors,
// loads strictly in C++ and reproduces the SPARNet fixture output.
#include <gtest/gtest.h>

#include <cstdlib>

#include "core/error.h"
#include "io/safetensors.h"
#include "models/registry.h"
#include "parity.h"
#include "test_paths.h"
#include "weights/state_dict.h"

using namespace facesr;

namespace {

int run(const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()); }

}  // namespace

TEST(ConvertCheckpoint, OfficialPthRoundTripsToFixtureOutput) {
  test::ScratchDir dir;
  const std::string source = FACESR_SOURCE_DIR;
  const std::string keys = (test::shared_dir() / "specs/keys/sparnet_attn2d_state_dict.txt").string();
  const auto fixture = test::Fixture::load("sparnet_attn2d");
  ASSERT_EQ(run("/usr/bin/python3 " + source + "/tests/tools/make_fill_checkpoint.py " + keys + " " +
                std::to_string(fixture.seed) + " " + dir.file("official.pth")),
            0);
  ASSERT_EQ(run("/usr/bin/python3 " + source + "/tools/convert_checkpoint.py " + dir.file("official.pth") + " " +
                dir.file("sparnet.safetensors") + " --arch sparnet"),
            0);

  const auto file = safetensors::File::open(dir.file("sparnet.safetensors"));
  EXPECT_EQ(file.metadata().at("facesr_arch"), "sparnet");
  auto net = find_model("sparnet").make(ModelOptions::object());
  load_weights(*net, dir.file("sparnet.safetensors"));
  net->eval();
  torch::NoGradGuard no_grad;
  const auto out = net->forward(fixture.f32.at("input"));
  EXPECT_TRUE(test::all_close(out, fixture.f32.at("output"), fixture.tolerance("output", false)));
}

TEST(ConvertCheckpoint, WrongArchitectureIsRefusedWithKeyNames) {
  test::ScratchDir dir;
  const std::string source = FACESR_SOURCE_DIR;
  const std::string keys = (test::shared_dir() / "specs/keys/sparnet_light_attn3d_state_dict.txt").string();
  ASSERT_EQ(run("/usr/bin/python3 " + source + "/tests/tools/make_fill_checkpoint.py " + keys + " 1 " +
                dir.file("light.pth")),
            0);
  ASSERT_EQ(run("/usr/bin/python3 " + source + "/tools/convert_checkpoint.py " + dir.file("light.pth") + " " +
                dir.file("light.safetensors") + " --arch sparnet-light"),
            0);
  auto net = find_model("sparnet").make(ModelOptions::object());
  try {
    load_weights(*net, dir.file("light.safetensors"));
    FAIL() << "SPARNet accepted SPARNet-Light weights";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("missing keys (res_layers.1."), std::string::npos) << msg;
    EXPECT_NE(msg.find("mis-shaped"), std::string::npos) << msg;
  }
}
