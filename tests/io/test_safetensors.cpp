// The safetensors reader must read the fixtures, round-trip what the writer
// writes, and turn every kind of malformed file into one facesr::Error.
#include <gtest/gtest.h>

#include <fstream>

#include "core/error.h"
#include "io/safetensors.h"
#include "test_paths.h"

using facesr::Error;
using namespace facesr::safetensors;

using facesr::test::read_bytes;
using facesr::test::write_bytes;

namespace {

// A file with the given JSON header and `data_bytes` zero bytes of data.
std::string make_file(const std::string& header, size_t data_bytes) {
  std::string out(8, '\0');
  uint64_t n = header.size();
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((n >> (8 * i)) & 0xff);
  return out + header + std::string(data_bytes, '\0');
}

// Expects opening `bytes` to fail with a message naming the file and containing `what`.
void expect_rejected(const facesr::test::ScratchDir& dir, const std::string& bytes, const std::string& what) {
  const std::string path = dir.file("bad.safetensors");
  write_bytes(path, bytes);
  try {
    File::open(path);
    FAIL() << "accepted a malformed file; expected an error about: " << what;
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(path), std::string::npos) << msg;
    EXPECT_NE(msg.find(what), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << "error must be one line: " << msg;
  }
}

}  // namespace

TEST(Safetensors, ReadsFixtureTensorsAndMetadata) {
  const auto file = File::open(facesr::test::fixture("sparnet_attn2d.safetensors").string());
  ASSERT_TRUE(file.contains("input"));
  ASSERT_TRUE(file.contains("output"));
  const auto input = file.tensor("input");
  EXPECT_EQ(input.sizes(), torch::IntArrayRef({1, 3, 128, 128}));
  EXPECT_EQ(input.scalar_type(), torch::kFloat32);
  // The stored input is the fill-v1 stream: its first value is in the README (§1.1).
  EXPECT_FLOAT_EQ(input.flatten()[0].item<float>(), 0.68439579f);
  EXPECT_EQ(file.metadata().at("G"), "20261122");
}

TEST(Safetensors, ReadsUint8Images) {
  const auto file = File::open(facesr::test::fixture("pil_bicubic.safetensors").string());
  const auto hr = file.tensor("hr");
  EXPECT_EQ(hr.scalar_type(), torch::kUInt8);
  EXPECT_EQ(hr.sizes(), torch::IntArrayRef({6, 128, 128, 3}));
}

TEST(Safetensors, RoundTripsEveryDtypeAndMetadata) {
  facesr::test::ScratchDir dir;
  const std::string path = dir.file("round.safetensors");
  NamedTensors tensors = {
      {"f32", torch::randn({2, 3})},
      {"f64", torch::randn({4}, torch::kFloat64)},
      {"u8", torch::randint(0, 255, {3, 1, 2}, torch::kUInt8)},
      {"i64", torch::tensor(int64_t{42})},
      {"bf16", torch::randn({5}).to(torch::kBFloat16)},
      {"empty", torch::zeros({0, 3})},
      {"strided", torch::arange(12, torch::kFloat32).reshape({3, 4}).t()},
  };
  save(path, tensors, {{"arch", "SPARNet"}});
  const auto file = File::open(path);
  EXPECT_EQ(file.metadata().at("arch"), "SPARNet");
  ASSERT_EQ(file.entries().size(), tensors.size());
  for (const auto& [name, t] : tensors) {
    SCOPED_TRACE(name);
    const auto back = file.tensor(name);
    EXPECT_EQ(back.scalar_type(), t.scalar_type());
    EXPECT_TRUE(torch::equal(back, t.contiguous()));
  }
  // The data buffer starts 8-byte aligned, as the format asks.
  const std::string bytes = read_bytes(path);
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(bytes[i]);
  EXPECT_EQ(n % 8, 0u);
}

TEST(Safetensors, SaveLeavesNoTemporaryBehind) {
  facesr::test::ScratchDir dir;
  save(dir.file("a.safetensors"), {{"x", torch::ones({2})}});
  save(dir.file("a.safetensors"), {{"x", torch::zeros({3})}});  // overwrite in place
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) files += e.is_regular_file();
  EXPECT_EQ(files, 1);
  EXPECT_EQ(File::open(dir.file("a.safetensors")).tensor("x").numel(), 3);
}

TEST(Safetensors, SaveIntoMissingFolderFails) {
  facesr::test::ScratchDir dir;
  EXPECT_THROW(save(dir.file("no/such/dir/a.safetensors"), {{"x", torch::ones({2})}}), Error);
}

TEST(Safetensors, RejectsMissingFile) {
  facesr::test::ScratchDir dir;
  EXPECT_THROW(File::open(dir.file("absent.safetensors")), Error);
}

TEST(Safetensors, RejectsTruncatedFile) {
  facesr::test::ScratchDir dir;
  const std::string good = read_bytes(facesr::test::fixture("sparnet_attn2d.safetensors").string());
  expect_rejected(dir, good.substr(0, 5), "too short");
  expect_rejected(dir, good.substr(0, 40), "runs past the end");
  expect_rejected(dir, good.substr(0, good.size() - 100), "truncated");
}

TEST(Safetensors, RejectsOversizedHeader) {
  facesr::test::ScratchDir dir;
  std::string bytes(16, '\0');
  bytes[0] = '\xff'; bytes[1] = '\xff'; bytes[2] = '\xff'; bytes[3] = '\xff'; bytes[4] = '\x7f';
  expect_rejected(dir, bytes, "limit");
}

TEST(Safetensors, RejectsGarbage) {
  facesr::test::ScratchDir dir;
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 7919) & 0xff));
  expect_rejected(dir, garbage, "header length");
  expect_rejected(dir, make_file("{not json", 0), "not valid JSON");
  expect_rejected(dir, make_file("[1,2,3]", 0), "not a JSON object");
}

TEST(Safetensors, RejectsInconsistentEntries) {
  facesr::test::ScratchDir dir;
  expect_rejected(dir, make_file(R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})", 8), "need 8");
  expect_rejected(dir, make_file(R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", 4), "data buffer");
  expect_rejected(dir, make_file(R"({"x":{"dtype":"Q7","shape":[2],"data_offsets":[0,8]}})", 8), "unsupported dtype");
  expect_rejected(dir, make_file(R"({"x":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", 8), "shape");
  expect_rejected(dir, make_file(R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}})", 8), "begin after end");
  expect_rejected(dir, make_file(R"({"x":{"dtype":"F32","shape":[2]}})", 8), "data_offsets");
  expect_rejected(dir,
                  make_file(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                            R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})", 12),
                  "overlap");
  expect_rejected(dir, make_file(R"({"x":{"dtype":"U8","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,8]}})", 8),
                  "too large");
  expect_rejected(dir, make_file(R"({"__metadata__":{"a":1}})", 0), "not a string");
}
