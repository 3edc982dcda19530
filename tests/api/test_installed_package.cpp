// `cmake --install` and find_package(facesr), as a user would: install the
// build into a scratch prefix, build examples/upscale_face against it, run it.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "cli_runner.h"
#include "test_paths.h"

namespace facesr::test {
namespace {

namespace fs = std::filesystem;

TEST(InstalledPackage, ExampleBuildsAgainstTheInstallTreeAndRuns) {
  ScratchDir dir;
  const fs::path prefix = dir.path() / "prefix";
  const fs::path build_tree = fs::path(FACESR_CLI_PATH).parent_path();  // the binary sits at the build folder's top
  const auto install = run_cli_command(fmt::format("cmake --install {} --prefix {}", build_tree.string(), prefix.string()));
  ASSERT_EQ(install.exit_code, 0) << install.out << install.err;
  for (const char* file : {"include/facesr/facesr.h", "include/facesr/error.h", "lib/libfacesr.a",
                           "lib/libfacesr_landmarks.a", "lib/cmake/facesr/facesrConfig.cmake",
                           "lib/cmake/facesr/facesrTargets.cmake", "lib/pkgconfig/facesr.pc", "bin/facesr",
                           "share/facesr/models/sparnet-tiny-utkface.safetensors",
                           "share/facesr/models/sparnet-restore-utkface.safetensors",
                           "share/facesr/configs/sparnet.json"})
    EXPECT_TRUE(fs::exists(prefix / file)) << file;

  const fs::path build = dir.path() / "build";
  const auto configure = run_cli_command(
      fmt::format("cmake -S {}/examples/upscale_face -B {} -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH={}",
                  FACESR_SOURCE_DIR, build.string(), prefix.string()));
  ASSERT_EQ(configure.exit_code, 0) << configure.out << configure.err;
  const auto compile = run_cli_command(fmt::format("cmake --build {}", build.string()));
  ASSERT_EQ(compile.exit_code, 0) << compile.out << compile.err;

  // The installed models, as a machine without the source tree would read them.
  const std::string env = "FACESR_MODELS_DIR=" + (prefix / "share/facesr/models").string() + " ";
  const auto face = run_cli_command(env + (build / "upscale_face").string() + " " +
                                    fixture("images/lr16_00.png").string() + " " + dir.file("face.png"));
  EXPECT_EQ(face.exit_code, 0) << face.err;
  EXPECT_EQ(face.out, "sparnet: 128x128\n");
  EXPECT_TRUE(fs::exists(dir.file("face.png")));
  const auto bad = run_cli_command(env + (build / "upscale_face").string() + " /nonexistent.png " + dir.file("x.png"));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("upscale_face: /nonexistent.png: no such file"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace facesr::test
