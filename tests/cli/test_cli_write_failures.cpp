// Write failures: a full disk (simulated with the shell's file-size limit,
// which fails writes as ENOSPC would, root or not) and an output folder the
// user may not write to (as an unprivileged user) each give one clear error
// line and lose nothing already written.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fmt/format.h>

#include <map>
#include <sstream>

#include "cli/train_runs.h"
#include "cli_runner.h"
#include "io/safetensors.h"
#include "test_paths.h"

namespace facesr::test {
namespace {

namespace fs = std::filesystem;

// The file name → contents of every file in `dir`, hidden (temporary) ones included.
std::map<std::string, std::string> contents(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::directory_iterator(dir)) out[entry.path().filename()] = read_bytes(entry.path().string());
  return out;
}

int error_lines(const std::string& err) {
  int n = 0;
  std::istringstream lines(err);
  for (std::string line; std::getline(lines, line);) n += line.rfind("facesr: error: ", 0) == 0;
  return n;
}

// `args` run by a shell that caps the size of any file written at 16 blocks
// (8 KiB in dash) and turns the SIGXFSZ that would kill the process into a
// failed write (EFBIG).
CliResult run_with_full_disk(const std::string& args) {
  return run_cli_command(fmt::format("trap '' XFSZ; ulimit -f 16; exec {} {}", FACESR_CLI_PATH, args));
}

TEST(CliWriteFailures, FullDiskDuringUpscaleIsOneLineAndKeepsEarlierOutputs) {
  ScratchDir dir;
  const std::string in = fixture("images").string(), out = dir.file("out");
  ASSERT_EQ(run_cli("upscale -i " + in + " -o " + out).exit_code, 0);
  const auto before = contents(out);
  ASSERT_FALSE(before.empty());

  const auto r = run_with_full_disk("upscale -i " + in + " -o " + out);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(error_lines(r.err), 1) << r.err;  // progress lines may come before it
  EXPECT_NE(r.err.find("write failed (File too large); is the disk full?"), std::string::npos) << r.err;
  // The earlier results are untouched and no partial file is left behind.
  EXPECT_EQ(contents(out), before);
}

TEST(CliWriteFailures, FullDiskDuringTrainingKeepsTheLastCheckpoint) {
  ScratchDir dir;
  const std::string data = face_folder(dir, 12), run = dir.file("run");
  const std::string common = "--threads 1 train sparnet-tiny --data " + data + " -o " + run +
                             tiny_sparnet_shell_settings() + " --set checkpoint_every=2 --set val_every=1000";
  ASSERT_EQ(run_cli(common + " --set iterations=2").exit_code, 0);
  const std::string checkpoint = read_bytes(run + "/checkpoint.safetensors");

  // Samples and logs are small; the checkpoint of step 4 is not.
  const auto r = run_with_full_disk(common + " --set iterations=4 --resume");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("is the disk full?"), std::string::npos) << r.err;
  EXPECT_EQ(read_bytes(run + "/checkpoint.safetensors"), checkpoint);
  for (const auto& entry : fs::directory_iterator(run))
    EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
}

TEST(CliWriteFailures, UnwritableOutputFolderIsOneLineForAnUnprivilegedUser) {
  ScratchDir dir;
  const fs::path out = dir.path() / "locked";
  fs::create_directories(out);
  fs::permissions(out, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                           fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(dir.path(), fs::perms::others_exec | fs::perms::others_read, fs::perm_options::add);
  // Root writes anywhere: run as `nobody` then, which is what a user sees.
  const std::string as_user = ::geteuid() == 0 ? "setpriv --reuid=nobody --regid=nogroup --clear-groups " : "";
  const auto r = run_cli_command(as_user + FACESR_CLI_PATH + " upscale -i " + fixture("images/lr16_00.png").string() +
                                 " -o " + out.string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("cannot write in " + out.string() + " (Permission denied)"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_empty(out));
}

}  // namespace
}  // namespace facesr::test
