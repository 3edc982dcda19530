// Runs the built `facesr` binary as a user would and captures what it says.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

#include "test_paths.h"

namespace facesr::test {

struct CliResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// `args` is appended to the binary's path as shell words (quote as needed);
// `env` (VAR=value ...) is set for this run only.
inline CliResult run_cli(const std::string& args, const std::string& env = "") {
  const std::string err_file = std::filesystem::temp_directory_path() / ("facesr_cli_err_" + std::to_string(::getpid()));
  const std::string cmd = (env.empty() ? "" : "env " + env + " ") + FACESR_CLI_PATH + " " + args + " 2>" + err_file;
  CliResult r;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  std::array<char, 4096> buf{};
  for (size_t n; (n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0;) r.out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err_file);
  r.err.assign(std::istreambuf_iterator<char>(in), {});
  std::filesystem::remove(err_file);
  return r;
}

inline int line_count(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

}  // namespace facesr::test
