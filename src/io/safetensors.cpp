#include "io/safetensors.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "io/atomic_file.h"

namespace facesr::safetensors {

namespace {

const char* kFix = "; re-download the file or re-create it with tools/convert_checkpoint.py";

struct DType {
  const char* name;
  torch::ScalarType scalar;
  uint64_t bytes;
};

constexpr DType kDTypes[] = {
    {"F64", torch::kFloat64, 8}, {"F32", torch::kFloat32, 4}, {"F16", torch::kFloat16, 2},
    {"BF16", torch::kBFloat16, 2}, {"I64", torch::kInt64, 8}, {"I32", torch::kInt32, 4},
    {"I16", torch::kInt16, 2},   {"I8", torch::kInt8, 1},     {"U8", torch::kUInt8, 1},
    {"BOOL", torch::kBool, 1},
};

const DType* find_dtype(const std::string& name) {
  for (const DType& d : kDTypes)
    if (name == d.name) return &d;
  return nullptr;
}

const DType& dtype_of(torch::ScalarType scalar) {
  for (const DType& d : kDTypes)
    if (d.scalar == scalar) return d;
  throw Error(std::string("safetensors: cannot store tensors of type ") + c10::toString(scalar));
}

}  // namespace

// A read-only memory map of the whole file; tensors are copied out of it.
struct File::Mapping {
  const unsigned char* data = nullptr;
  uint64_t size = 0;
  ~Mapping() {
    if (data && size) ::munmap(const_cast<unsigned char*>(data), size);
  }
};

File File::open(const std::string& path) {
  auto fail = [&](const std::string& what) { return Error(path + ": " + what + kFix); };

  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) throw Error(path + ": cannot open (" + std::strerror(errno) + "); check the path");
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw Error(path + ": not a regular file; pass a .safetensors file");
  }
  File file;
  file.path_ = path;
  file.mapping_ = std::make_shared<Mapping>();
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  if (size > 0) {
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      ::close(fd);
      throw Error(path + ": cannot map the file into memory (" + std::strerror(errno) + ")");
    }
    file.mapping_->data = static_cast<const unsigned char*>(p);
    file.mapping_->size = size;
  }
  ::close(fd);

  if (size < 8) throw fail("only " + std::to_string(size) + " bytes, too short for a safetensors header (truncated?)");
  uint64_t header_len = 0;
  for (int i = 7; i >= 0; --i) header_len = (header_len << 8) | file.mapping_->data[i];
  if (header_len > kMaxHeaderBytes)
    throw fail("header length " + std::to_string(header_len) + " exceeds the " +
               std::to_string(kMaxHeaderBytes) + "-byte limit (not a safetensors file?)");
  if (header_len > size - 8)
    throw fail("header length " + std::to_string(header_len) + " runs past the end of the " +
               std::to_string(size) + "-byte file (truncated?)");
  file.data_offset_ = 8 + header_len;
  const uint64_t buffer_size = size - file.data_offset_;

  nlohmann::ordered_json header;
  try {
    header = nlohmann::ordered_json::parse(file.mapping_->data + 8, file.mapping_->data + 8 + header_len);
  } catch (const nlohmann::json::exception& e) {
    throw fail(std::string("header is not valid JSON (") + e.what() + ")");
  }
  if (!header.is_object()) throw fail("header is not a JSON object");

  for (const auto& [name, value] : header.items()) {
    if (name == "__metadata__") {
      if (!value.is_object()) throw fail("__metadata__ is not an object");
      for (const auto& [k, v] : value.items()) {
        if (!v.is_string()) throw fail("__metadata__ value of '" + k + "' is not a string");
        file.metadata_[k] = v.get<std::string>();
      }
      continue;
    }
    const std::string where = "tensor '" + name + "'";
    if (!value.is_object()) throw fail(where + " is not described by an object");
    const auto dt = value.find("dtype");
    const auto sh = value.find("shape");
    const auto off = value.find("data_offsets");
    if (dt == value.end() || !dt->is_string()) throw fail(where + " has no dtype");
    if (sh == value.end() || !sh->is_array()) throw fail(where + " has no shape");
    if (off == value.end() || !off->is_array() || off->size() != 2) throw fail(where + " has no [begin, end] data_offsets");
    const DType* dtype = find_dtype(dt->get<std::string>());
    if (!dtype) throw fail(where + " has unsupported dtype '" + dt->get<std::string>() + "'");

    TensorInfo info;
    info.name = name;
    info.dtype = dtype->name;
    uint64_t numel = 1;
    for (const auto& d : *sh) {
      if (!d.is_number_unsigned()) throw fail(where + " has a shape entry that is not a non-negative integer");
      const uint64_t dim = d.get<uint64_t>();
      if (dim > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) ||
          (dim != 0 && numel > std::numeric_limits<uint64_t>::max() / dim))
        throw fail(where + " has a shape too large to address");
      numel *= dim;
      info.shape.push_back(static_cast<int64_t>(dim));
    }
    for (const auto& o : *off)
      if (!o.is_number_unsigned()) throw fail(where + " has data_offsets that are not non-negative integers");
    info.begin = (*off)[0].get<uint64_t>();
    info.end = (*off)[1].get<uint64_t>();
    if (info.begin > info.end) throw fail(where + " has data_offsets with begin after end");
    if (info.end > buffer_size)
      throw fail(where + " ends at byte " + std::to_string(info.end) + " of a " + std::to_string(buffer_size) +
                 "-byte data buffer (truncated?)");
    if (numel > std::numeric_limits<uint64_t>::max() / dtype->bytes || info.end - info.begin != numel * dtype->bytes)
      throw fail(where + " holds " + std::to_string(info.end - info.begin) + " bytes but its shape and dtype need " +
                 std::to_string(numel * dtype->bytes));
    file.entries_.push_back(std::move(info));
  }

  std::sort(file.entries_.begin(), file.entries_.end(),
            [](const TensorInfo& a, const TensorInfo& b) { return a.begin < b.begin || (a.begin == b.begin && a.end < b.end); });
  for (size_t i = 1; i < file.entries_.size(); ++i) {
    const TensorInfo& prev = file.entries_[i - 1];
    const TensorInfo& cur = file.entries_[i];
    if (cur.begin < prev.end && cur.end > cur.begin && prev.end > prev.begin)
      throw fail("tensors '" + prev.name + "' and '" + cur.name + "' overlap in the data buffer");
  }
  return file;
}

bool File::contains(const std::string& name) const {
  return std::any_of(entries_.begin(), entries_.end(), [&](const TensorInfo& e) { return e.name == name; });
}

torch::Tensor File::tensor(const std::string& name) const {
  const auto it = std::find_if(entries_.begin(), entries_.end(), [&](const TensorInfo& e) { return e.name == name; });
  if (it == entries_.end()) throw Error(path_ + ": has no tensor named '" + name + "'");
  const DType* dtype = find_dtype(it->dtype);
  torch::Tensor out = torch::empty(it->shape, torch::TensorOptions().dtype(dtype->scalar));
  if (it->end > it->begin) std::memcpy(out.data_ptr(), mapping_->data + data_offset_ + it->begin, it->end - it->begin);
  return out;
}

std::map<std::string, torch::Tensor> File::tensors() const {
  std::map<std::string, torch::Tensor> out;
  for (const TensorInfo& e : entries_) out.emplace(e.name, tensor(e.name));
  return out;
}

void save(const std::string& path, const NamedTensors& tensors, const std::map<std::string, std::string>& metadata) {
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::vector<torch::Tensor> contiguous;
  uint64_t offset = 0;
  for (const auto& [name, t] : tensors) {
    if (name == "__metadata__") throw Error(path + ": '__metadata__' is reserved and cannot name a tensor");
    if (header.contains(name)) throw Error(path + ": tensor name '" + name + "' appears twice");
    torch::Tensor c = t.detach().to(torch::kCPU).contiguous();
    const uint64_t bytes = static_cast<uint64_t>(c.numel()) * dtype_of(c.scalar_type()).bytes;
    header[name] = {{"dtype", dtype_of(c.scalar_type()).name},
                    {"shape", c.sizes().vec()},
                    {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
    contiguous.push_back(std::move(c));
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // align the data buffer to 8 bytes
  write_file_atomic(path, [&](std::ostream& out) {
    unsigned char len[8];
    uint64_t n = text.size();
    for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(n >> (8 * i));
    out.write(reinterpret_cast<const char*>(len), 8);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    for (const torch::Tensor& c : contiguous)
      out.write(static_cast<const char*>(c.data_ptr()), static_cast<std::streamsize>(c.nbytes()));
  });
}

}  // namespace facesr::safetensors
