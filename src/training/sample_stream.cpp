#include "training/sample_stream.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "core/error.h"
#include "runtime/runtime.h"

namespace facesr::training {

namespace {

uint64_t mix(uint64_t seed, uint64_t value) {
  // SplitMix64 finaliser: independent streams for (seed, sample) pairs.
  uint64_t z = seed + 0x9E3779B97F4A7C15ull * (value + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace

SampleStream::SampleStream(std::vector<std::filesystem::path> files, MakeSample make_sample, StreamOptions options,
                           int64_t first_step)
    : files_(std::move(files)), make_sample_(std::move(make_sample)), options_(options), next_step_(first_step) {
  if (files_.empty()) throw Error("training set is empty; pass --data DIR with face images");
  const int workers = std::max(1, options_.workers);
  for (int w = 0; w < workers; ++w) threads_.emplace_back([this, first_step, w] { work(first_step + w); });
}

SampleStream::~SampleStream() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wanted_.notify_all();
  for (std::thread& t : threads_) t.join();
}

std::vector<torch::Tensor> SampleStream::make_one(uint64_t k) {
  const uint64_t n = files_.size();
  const uint64_t epoch = k / n;
  // The epoch's permutation, recomputed per call: cheap next to decoding.
  std::vector<uint64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 shuffle_rng(mix(options_.seed, ~epoch));
  std::shuffle(order.begin(), order.end(), shuffle_rng);
  std::mt19937_64 rng(mix(options_.seed, k));
  // A bad file is replaced by the next one of the permutation, deterministically.
  for (uint64_t tries = 0; tries < n; ++tries) {
    const std::filesystem::path& file = files_[order[(k % n + tries) % n]];
    try {
      return make_sample_(read_face_image(file), rng);
    } catch (const Error& e) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (bad_files_.insert(file.string()).second) new_problems_.push_back(e.what());
    }
  }
  throw Error("no training image could be read; check the --data folder");
}

std::vector<torch::Tensor> SampleStream::make_batch(int64_t step) {
  const uint64_t batch = static_cast<uint64_t>(options_.batch_size);
  const uint64_t first = (static_cast<uint64_t>(step) * options_.world_size + options_.rank) * batch;
  std::vector<std::vector<torch::Tensor>> samples;
  for (uint64_t i = 0; i < batch; ++i) samples.push_back(make_one(first + i));
  std::vector<torch::Tensor> stacked;
  for (size_t t = 0; t < samples.front().size(); ++t) {
    std::vector<torch::Tensor> column;
    for (const auto& s : samples) column.push_back(s[t]);
    stacked.push_back(torch::stack(column));
  }
  return stacked;
}

void SampleStream::work(int64_t first_step) {
  // Worker w makes the batches of steps first_step + w, + 2w, ...
  const int64_t stride = std::max(1, options_.workers);
  run_operators_on_this_thread_only();  // the training step has the cores
  for (int64_t step = first_step;; step += stride) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wanted_.wait(lock, [&] { return stopping_ || step < next_step_ + options_.prefetch + stride; });
      if (stopping_) return;
    }
    try {
      std::vector<torch::Tensor> batch = make_batch(step);
      std::lock_guard<std::mutex> lock(mutex_);
      done_[step] = std::move(batch);
    } catch (const std::exception& e) {
      std::lock_guard<std::mutex> lock(mutex_);
      failures_[step] = e.what();
    }
    ready_.notify_all();
  }
}

std::vector<torch::Tensor> SampleStream::next() {
  std::unique_lock<std::mutex> lock(mutex_);
  const int64_t step = next_step_;
  ready_.wait(lock, [&] { return done_.count(step) || failures_.count(step); });
  if (failures_.count(step)) throw Error(failures_[step]);
  std::vector<torch::Tensor> batch = std::move(done_[step]);
  done_.erase(step);
  ++next_step_;
  lock.unlock();
  wanted_.notify_all();
  return batch;
}

std::vector<std::string> SampleStream::take_problems() {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::exchange(new_problems_, {});
}

}  // namespace facesr::training
