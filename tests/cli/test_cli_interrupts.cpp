// Commands interrupted. `train`: SIGINT/SIGTERM stop after the current step
// with a checkpoint and without a validation pass; SIGKILL at 20 random
// moments (start-up, inside a step, during a checkpoint write or a
// validation) never leaves a torn file, loses at most the steps since the
// last checkpoint, and the run resumed each time ends with the weights of an
// uninterrupted one. `upscale` of a folder killed anywhere leaves only whole
// outputs, and `--skip-existing` finishes the rest.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <map>
#include <random>
#include <thread>

#include "cli/train_runs.h"
#include "cli_runner.h"
#include "io/image.h"
#include "io/safetensors.h"
#include "test_paths.h"

namespace facesr::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::vector<std::string> train_args(const std::string& data, const std::string& run,
                                    const std::vector<std::string>& settings) {
  std::vector<std::string> args{"--threads", "1", "train", "sparnet-tiny", "--data", data, "-o", run};
  for (const auto& w : tiny_sparnet_settings()) args.push_back(w);
  args.insert(args.end(), settings.begin(), settings.end());
  return args;
}

// The step the run's checkpoint holds, or -1 without one. Opening it checks
// that it is whole (a torn file fails safetensors' validation).
int64_t checkpoint_step(const std::string& run) {
  const std::string path = run + "/checkpoint.safetensors";
  if (!fs::exists(path)) return -1;
  return std::stoll(safetensors::File::open(path).metadata().at("step"));
}

template <typename Done>
bool wait_until(Done done) {
  for (auto deadline = std::chrono::steady_clock::now() + 2min; std::chrono::steady_clock::now() < deadline;) {
    if (done()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

TEST(CliInterrupts, TrainSignalStopsAfterTheStepWithACheckpointAndNoValidationAndASecondEndsItAtOnce) {
  ScratchDir dir;
  const std::string data = face_folder(dir, 24);
  for (const int signal : {SIGINT, SIGTERM}) {
    const std::string run = dir.file(fmt::format("run{}", signal));
    CliProcess train(train_args(data, run,
                                {"--set", "iterations=100000", "--set", "val_every=100000", "--set",
                                 "checkpoint_every=100000", "--set", "log_every=1"}),
                     dir.file("out"), dir.file("err"));
    ASSERT_TRUE(wait_until([&] { return log_records(run, "train").size() >= 3; })) << read_bytes(dir.file("err"));
    train.signal(signal);
    const int status = train.wait();
    ASSERT_TRUE(WIFEXITED(status)) << "ended by signal " << WTERMSIG(status);
    EXPECT_EQ(WEXITSTATUS(status), 0) << read_bytes(dir.file("err"));
    // The checkpoint holds the last step done, though checkpoint_every is far away.
    const int64_t stopped = checkpoint_step(run);
    EXPECT_EQ(stopped, log_records(run, "train").back().at("step").get<int64_t>());
    // No validation but the one before training.
    const auto vals = log_records(run, "val");
    ASSERT_EQ(vals.size(), 1u);
    EXPECT_EQ(vals[0].at("step"), 0);
    const std::string said = read_bytes(dir.file("out")) + read_bytes(dir.file("err"));
    EXPECT_NE(said.find(fmt::format("stopped at step {} (signal); continue with --resume", stopped)), std::string::npos)
        << said;
    EXPECT_NE(said.find("last validation (step 0)"), std::string::npos) << said;
  }
  // A second Ctrl-C does not wait for the step: the process ends at once, by the signal.
  const std::string run = dir.file("twice");
  CliProcess train(train_args(data, run,
                              {"--set", "iterations=100000", "--set", "val_every=100000", "--set", "checkpoint_every=2",
                               "--set", "log_every=1"}),
                   dir.file("out"), dir.file("err"));
  ASSERT_TRUE(wait_until([&] { return log_records(run, "train").size() >= 3; })) << read_bytes(dir.file("err"));
  train.signal(SIGINT);
  std::this_thread::sleep_for(20ms);  // two signals at once would arrive as one
  train.signal(SIGINT);
  const int status = train.wait();
  ASSERT_TRUE(WIFSIGNALED(status)) << "exited with " << WEXITSTATUS(status);
  EXPECT_EQ(WTERMSIG(status), SIGINT);
  EXPECT_GE(checkpoint_step(run), 2);  // whole, as written before
}

// What the killed process was doing, from the last record it logged: each
// step logs a train record, then validates (step % val_every == 0), then
// writes its checkpoint (step % checkpoint_every == 0).
std::string moment_of_kill(const std::string& run, int val_every, int checkpoint_every) {
  std::vector<nlohmann::json> since_start;
  std::ifstream in(run + "/log.jsonl");
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    if (j.value("event", "") == "start" || j.value("event", "") == "resume") since_start.clear();
    since_start.push_back(j);
  }
  if (since_start.empty()) return "start-up";
  const auto& last = since_start.back();
  const std::string kind = last.value("kind", ""), event = last.value("event", "");
  const int64_t step = last.value("step", int64_t{0});
  if (event == "start") return "validation";  // a new run scores the untrained network first
  if (kind == "train" && step % val_every == 0) return "validation";
  if ((kind == "train" || kind == "val") && step > 0 && step % checkpoint_every == 0) return "checkpoint write";
  return "training step";
}

// How many times a run has started or resumed, and how many steps its latest process logged.
struct Starts {
  size_t count = 0;
  size_t steps_since = 0;
};
Starts starts(const std::string& run) {
  Starts s;
  std::ifstream in(run + "/log.jsonl");
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    if (j.value("event", "") == "start" || j.value("event", "") == "resume") {
      ++s.count;
      s.steps_since = 0;
    }
    s.steps_since += j.value("kind", "") == "train";
  }
  return s;
}

TEST(CliInterrupts, TrainTwentyKillsAnywhereLoseNoMoreThanACheckpointIntervalAndEndWithTheSameWeights) {
  constexpr int kKills = 20, kValEvery = 5, kCheckpointEvery = 2, kSteps = 100;
  ScratchDir dir;
  const std::string data = face_folder(dir, 40);
  const std::vector<std::string> settings{"--set", fmt::format("iterations={}", kSteps),
                                          "--set", fmt::format("val_every={}", kValEvery),
                                          "--set", fmt::format("checkpoint_every={}", kCheckpointEvery),
                                          "--set", "log_every=1"};
  // The reference: one uninterrupted run.
  const std::string straight = dir.file("straight");
  ASSERT_EQ(CliProcess(train_args(data, straight, settings), dir.file("out"), dir.file("err")).wait(), 0)
      << read_bytes(dir.file("err"));

  const std::string killed = dir.file("killed");
  std::mt19937 rng(2026);
  // Every fifth kill lands in start-up (reading the recipe, the faces, the checkpoint); the others
  // in the training loop, after 0-3 of the process's steps and up to 0.6 s more: inside steps,
  // checkpoint writes, validations. Counting steps, not seconds, keeps a slow machine progressing.
  std::uniform_int_distribution<int> startup_ms(50, 1200), steps_first(0, 3), then_ms(0, 600);
  std::map<std::string, int> moments;
  int64_t most_lost = 0;
  for (int kill = 1; kill <= kKills; ++kill) {
    std::vector<std::string> args = train_args(data, killed, settings);
    if (checkpoint_step(killed) >= 0) args.push_back("--resume");
    const size_t started_before = starts(killed).count;
    CliProcess train(args, dir.file("out"), dir.file("err"));
    if (kill % 5 == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(startup_ms(rng)));
    } else {
      const size_t steps = static_cast<size_t>(steps_first(rng));
      ASSERT_TRUE(wait_until([&] {
        const Starts now = starts(killed);
        return (now.count > started_before && now.steps_since >= steps) || !train.running();
      }));
      std::this_thread::sleep_for(std::chrono::milliseconds(then_ms(rng)));
    }
    ASSERT_TRUE(train.running()) << "the run ended before kill " << kill << "; make kSteps larger: "
                                 << read_bytes(dir.file("err"));
    train.signal(SIGKILL);
    train.wait();
    const bool began = starts(killed).count > started_before;
    ++moments[began ? moment_of_kill(killed, kValEvery, kCheckpointEvery) : "start-up"];
    // Never a torn file under a final name, and what is lost is at most one checkpoint interval.
    const int64_t resume_from = std::max<int64_t>(checkpoint_step(killed), 0);
    if (fs::exists(killed + "/best.safetensors")) {
      EXPECT_NO_THROW(safetensors::File::open(killed + "/best.safetensors"));
    }
    const auto steps = log_records(killed, "train");
    const int64_t done = steps.empty() ? 0 : steps.back().at("step").get<int64_t>();
    EXPECT_LE(done - resume_from, kCheckpointEvery) << "kill " << kill;
    most_lost = std::max(most_lost, done - resume_from);
  }
  // The 21st start runs to the end.
  std::vector<std::string> args = train_args(data, killed, settings);
  ASSERT_GE(checkpoint_step(killed), 0) << "no kill let a checkpoint be written";
  args.push_back("--resume");
  ASSERT_EQ(CliProcess(args, dir.file("out"), dir.file("err")).wait(), 0) << read_bytes(dir.file("err"));
  EXPECT_NE(read_bytes(dir.file("out")).find(fmt::format("finished {0}/{0}", kSteps)), std::string::npos);

  const auto a = safetensors::File::open(straight + "/model.safetensors").tensors();
  const auto b = safetensors::File::open(killed + "/model.safetensors").tensors();
  ASSERT_EQ(a.size(), b.size());
  for (const auto& [key, tensor] : a) EXPECT_TRUE(torch::allclose(tensor, b.at(key), 1e-5, 1e-6)) << key;

  std::string where;
  for (const auto& [moment, count] : moments) where += fmt::format(" {} {},", moment, count);
  std::cout << fmt::format("{} kills:{} at most {} steps lost (checkpoint every {})\n", kKills, where, most_lost,
                           kCheckpointEvery);
}

TEST(CliInterrupts, UpscaleKilledAnywhereLeavesWholeOutputsAndSkipExistingFinishes) {
  ScratchDir dir;
  // 48 inputs: the six LR fixtures under eight names each.
  const fs::path inputs = dir.path() / "lr";
  fs::create_directories(inputs);
  for (int copy = 0; copy < 8; ++copy)
    for (int i = 0; i < 6; ++i)
      fs::create_symlink(fixture(fmt::format("images/lr16_{:02d}.png", i)), inputs / fmt::format("face{}_{}.png", copy, i));
  const auto upscale = [&](const std::string& out, bool skip) {
    std::vector<std::string> args{"--threads", "1", "upscale", "-i", inputs.string(), "-o", out, "-b", "2"};
    if (skip) args.push_back("--skip-existing");
    return args;
  };
  ASSERT_EQ(CliProcess(upscale(dir.file("straight"), false), dir.file("out"), dir.file("err")).wait(), 0)
      << read_bytes(dir.file("err"));

  const std::string killed = dir.file("killed");
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> delay_ms(300, 1500);
  for (int kill = 0; kill < 5; ++kill) {
    CliProcess run(upscale(killed, true), dir.file("out"), dir.file("err"));
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    run.signal(SIGKILL);
    run.wait();
    // Whatever is under a final name is a whole image.
    if (fs::exists(killed))
      for (const auto& entry : fs::directory_iterator(killed))
        if (entry.path().extension() == ".png") {
          EXPECT_NO_THROW(read_rgb8(entry.path().string())) << entry.path();
        }
  }
  ASSERT_EQ(CliProcess(upscale(killed, true), dir.file("out"), dir.file("err")).wait(), 0) << read_bytes(dir.file("err"));
  for (const auto& entry : fs::directory_iterator(dir.file("straight"))) {
    const fs::path other = fs::path(killed) / entry.path().filename();
    ASSERT_TRUE(fs::exists(other)) << other;
    // Equal up to one level: each process measures which convolution algorithm is fastest, and
    // another algorithm may round one pixel the other way.
    EXPECT_LE(cv::norm(read_rgb8(entry.path().string()), read_rgb8(other.string()), cv::NORM_INF), 1.0) << other;
  }
  // A second re-run finds nothing left to do.
  ASSERT_EQ(CliProcess(upscale(killed, true), dir.file("out"), dir.file("err")).wait(), 0);
  EXPECT_NE(read_bytes(dir.file("err")).find("48 of 48 input(s) already have their output"), std::string::npos)
      << read_bytes(dir.file("err"));
}

}  // namespace
}  // namespace facesr::test
