// Reader and writer for the safetensors format (8-byte little-endian header
// length, JSON header, raw little-endian tensor bytes). The reader maps the
// file and validates the whole header before any tensor is touched, so a
// truncated, oversized or garbage file gives one clear facesr::Error.
#pragma once

#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace facesr::safetensors {

// Headers larger than this are refused (the format's reference limit).
constexpr uint64_t kMaxHeaderBytes = 100'000'000;

struct TensorInfo {
  std::string name;
  std::string dtype;  // "F32", "F64", "U8", ...
  std::vector<int64_t> shape;
  uint64_t begin = 0;  // byte offsets into the data buffer
  uint64_t end = 0;
};

class File {
 public:
  // Maps and validates `path`. Throws facesr::Error naming the file and the fault.
  static File open(const std::string& path);

  const std::string& path() const { return path_; }
  // Entries in file (offset) order.
  const std::vector<TensorInfo>& entries() const { return entries_; }
  const std::map<std::string, std::string>& metadata() const { return metadata_; }
  bool contains(const std::string& name) const;
  // A freshly allocated CPU tensor holding a copy of the entry's bytes.
  torch::Tensor tensor(const std::string& name) const;
  // Every tensor, by name.
  std::map<std::string, torch::Tensor> tensors() const;

 private:
  struct Mapping;
  std::string path_;
  std::shared_ptr<Mapping> mapping_;
  uint64_t data_offset_ = 0;
  std::vector<TensorInfo> entries_;
  std::map<std::string, std::string> metadata_;
};

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

// Writes `tensors` (in the given order) and `metadata` atomically to `path`.
void save(const std::string& path, const NamedTensors& tensors,
          const std::map<std::string, std::string>& metadata = {});

}  // namespace facesr::safetensors
