// The endless, reproducible stream of training batches. Sample k of the run
// (k = (step · world_size + rank) · batch + i) is a pure function of the seed
// and k: epoch e = k / N visits a seeded permutation of the files, and the
// sample's augmentation draws from its own seeded RNG. A resumed run, or any
// number of loader threads, therefore sees exactly the same batches.
#pragma once

#include <torch/torch.h>

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "training/face_image.h"

namespace facesr::training {

// A sample is a few tensors (input, target, extra targets), stacked per batch.
using MakeSample = std::function<std::vector<torch::Tensor>(const FaceImage& face, std::mt19937_64& rng)>;

struct StreamOptions {
  int batch_size = 16;
  int workers = 2;      // decoding/augmentation threads
  int prefetch = 4;     // batches made ahead of the consumer
  uint64_t seed = 123;
  int rank = 0;         // data-parallel shard
  int world_size = 1;
};

class SampleStream {
 public:
  SampleStream(std::vector<std::filesystem::path> files, MakeSample make_sample, StreamOptions options,
               int64_t first_step);
  ~SampleStream();
  SampleStream(const SampleStream&) = delete;
  SampleStream& operator=(const SampleStream&) = delete;

  // The batch of the next step: one stacked tensor per sample tensor.
  std::vector<torch::Tensor> next();
  // Unreadable files met since the last call ("path: reason"), each once.
  std::vector<std::string> take_problems();

 private:
  std::vector<torch::Tensor> make_batch(int64_t step);
  std::vector<torch::Tensor> make_one(uint64_t k);
  void work(int64_t first_step);

  std::vector<std::filesystem::path> files_;
  MakeSample make_sample_;
  StreamOptions options_;
  int64_t next_step_;

  std::mutex mutex_;
  std::condition_variable ready_, wanted_;
  std::map<int64_t, std::vector<torch::Tensor>> done_;
  std::map<int64_t, std::string> failures_;  // step → error that stopped a worker
  std::set<std::string> bad_files_;
  std::vector<std::string> new_problems_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace facesr::training
