// tools/convert_face_recognition.js on a small TF.js weights manifest:
// uint8/uint16 entries are dequantised as TF.js does (q * scale + min), raw
// float32 entries copied, filters go HWIO -> OIHW and fc is transposed, under
// PyTorch key names; a manifest its shards do not fill gets one error line.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "io/safetensors.h"
#include "test_paths.h"

using namespace facesr;

namespace {

int convert(const test::ScratchDir& dir, const std::string& err_file) {
  const std::string cmd = "node " + std::string(FACESR_SOURCE_DIR) + "/tools/convert_face_recognition.js " +
                          dir.path().string() + " " + dir.file("out.safetensors") + " tiny >/dev/null 2>" + err_file;
  return std::system(cmd.c_str());
}

// tiny-weights_manifest.json: filters (1, 2, 1, 3) uint8 with q = 0..5,
// scale weights (3) float32, fc (2, 3) uint16 with q = 0..5.
void write_manifest(const test::ScratchDir& dir, size_t shard_bytes) {
  const nlohmann::json manifest = nlohmann::json::array({{
      {"paths", {"tiny.bin"}},
      {"weights",
       {{{"name", "blk/conv/filters"}, {"shape", {1, 2, 1, 3}}, {"dtype", "float32"},
         {"quantization", {{"dtype", "uint8"}, {"scale", 0.5}, {"min", -1.0}}}},
        {{"name", "blk/scale/weights"}, {"shape", {3}}, {"dtype", "float32"}},
        {{"name", "fc"}, {"shape", {2, 3}}, {"dtype", "float32"},
         {"quantization", {{"dtype", "uint16"}, {"scale", 0.25}, {"min", 1.0}}}}}},
  }});
  test::write_bytes(dir.file("tiny-weights_manifest.json"), manifest.dump());
  std::string bin;
  for (char q = 0; q < 6; ++q) bin += q;
  for (float v : {1.5f, 2.5f, 3.5f}) bin.append(reinterpret_cast<const char*>(&v), sizeof v);
  for (char q = 0; q < 6; ++q) bin += std::string{q, 0};  // little-endian uint16
  test::write_bytes(dir.file("tiny.bin"), bin.substr(0, shard_bytes));
}

}  // namespace

TEST(IdentityConvertFaceRecognition, DequantisesAndTransposesLikeTfjs) {
  test::ScratchDir dir;
  write_manifest(dir, 6 + 12 + 12);
  ASSERT_EQ(convert(dir, dir.file("err.txt")), 0) << test::read_bytes(dir.file("err.txt"));
  const auto file = safetensors::File::open(dir.file("out.safetensors"));
  EXPECT_EQ(file.metadata().at("facesr_arch"), "dlib-face-recognition");
  const auto filters = file.tensor("blk.conv.weight");
  ASSERT_EQ(filters.sizes(), (std::vector<int64_t>{3, 1, 1, 2}));  // OIHW
  for (int k = 0; k < 3; ++k)
    for (int x = 0; x < 2; ++x) EXPECT_EQ(filters[k][0][0][x].item<float>(), (x * 3 + k) * 0.5f - 1.0f);
  EXPECT_TRUE(torch::equal(file.tensor("blk.scale.weight"), torch::tensor({1.5f, 2.5f, 3.5f})));
  const auto fc = file.tensor("fc.weight");
  ASSERT_EQ(fc.sizes(), (std::vector<int64_t>{3, 2}));  // nn.Linear: (out, in)
  for (int out = 0; out < 3; ++out)
    for (int in = 0; in < 2; ++in) EXPECT_EQ(fc[out][in].item<float>(), (in * 3 + out) * 0.25f + 1.0f);
}

TEST(IdentityConvertFaceRecognition, ShortShardIsOneErrorLine) {
  test::ScratchDir dir;
  write_manifest(dir, 20);
  EXPECT_NE(convert(dir, dir.file("err.txt")), 0);
  const std::string err = test::read_bytes(dir.file("err.txt"));
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_NE(err.find("tiny-weights_manifest.json: shards end inside weight 'fc'"), std::string::npos) << err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("out.safetensors")));
}
