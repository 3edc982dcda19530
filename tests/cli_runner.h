// Runs the built `facesr` binary as a user would and captures what it says.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>  // environ

#include <array>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "test_paths.h"

namespace facesr::test {

struct CliResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// `args` is appended to the binary's path as shell words (quote as needed);
// `env` (VAR=value ...) is set for this run only.
inline CliResult run_cli(const std::string& args, const std::string& env = "");

// Any shell command line (one that runs the binary in a special way); its
// stderr is captured as run_cli's.
inline CliResult run_cli_command(const std::string& command) {
  const std::string err_file = std::filesystem::temp_directory_path() / ("facesr_cli_err_" + std::to_string(::getpid()));
  const std::string cmd = command + " 2>" + err_file;
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

inline CliResult run_cli(const std::string& args, const std::string& env) {
  return run_cli_command((env.empty() ? "" : "env " + env + " ") + FACESR_CLI_PATH + " " + args);
}

// The binary run in the background (no shell between, so signals reach it),
// its stdout and stderr going to files, for tests that stop or kill it.
class CliProcess {
 public:
  CliProcess(const std::vector<std::string>& args, const std::string& out_file, const std::string& err_file) {
    std::vector<std::string> words{FACESR_CLI_PATH};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&files, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int failed = posix_spawn(&pid_, FACESR_CLI_PATH, &files, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&files);
    if (failed) throw std::runtime_error("cannot start " + std::string(FACESR_CLI_PATH));
  }
  ~CliProcess() {
    if (status_ < 0) {
      ::kill(pid_, SIGKILL);
      wait();
    }
  }
  // Whether it is still running (reaps it when it has ended).
  bool running() {
    if (status_ >= 0) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) status_ = status;
    return status_ < 0;
  }
  void signal(int number) {
    if (running()) ::kill(pid_, number);
  }
  // Waits for the end; the raw waitpid status (WIFEXITED, WTERMSIG, ...).
  int wait() {
    if (status_ < 0) {
      int status = 0;
      ::waitpid(pid_, &status, 0);
      status_ = status;
    }
    return status_;
  }

 private:
  pid_t pid_ = 0;
  int status_ = -1;
};

inline int line_count(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

}  // namespace facesr::test
