#include <gtest/gtest.h>

#include "io/image.h"
#include "test_paths.h"
#include "training/sample_stream.h"

namespace facesr::training {
namespace {

// Eight tiny images whose pixel value identifies the file, plus one corrupt file.
std::vector<std::filesystem::path> make_files(const test::ScratchDir& dir) {
  std::vector<std::filesystem::path> files;
  for (int i = 0; i < 8; ++i) {
    const std::string path = dir.file("face" + std::to_string(i) + ".png");
    write_rgb8(path, cv::Mat(4, 4, CV_8UC3, cv::Scalar(i * 10, 0, 0)));
    files.emplace_back(path);
  }
  test::write_bytes(dir.file("broken.png"), "not a png");
  files.emplace_back(dir.file("broken.png"));
  return files;
}

// A sample = (file value, one augmentation draw), so both the file order and the RNG are visible.
std::vector<torch::Tensor> sample(const FaceImage& face, std::mt19937_64& rng) {
  return {torch::tensor({static_cast<double>(face.rgb.at<cv::Vec3b>(0, 0)[0]),
                         static_cast<double>(rng() % 1000)})};
}

std::vector<torch::Tensor> take(SampleStream& s, int n) {
  std::vector<torch::Tensor> out;
  for (int i = 0; i < n; ++i) out.push_back(s.next()[0]);
  return out;
}

TEST(SampleStream, BatchesDependOnlyOnSeedAndStep) {
  test::ScratchDir dir;
  const auto files = make_files(dir);
  StreamOptions one;
  one.batch_size = 3;
  one.workers = 1;
  StreamOptions three = one;
  three.workers = 3;
  SampleStream a(files, sample, one, 0), b(files, sample, three, 0), resumed(files, sample, one, 4);
  const auto xs = take(a, 7), ys = take(b, 7), zs = take(resumed, 3);
  for (int i = 0; i < 7; ++i) EXPECT_TRUE(torch::equal(xs[i], ys[i])) << i;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(torch::equal(xs[4 + i], zs[i])) << i;
}

TEST(SampleStream, EachEpochVisitsEveryReadableFileOnceAndReportsTheBadOne) {
  test::ScratchDir dir;
  const auto files = make_files(dir);
  StreamOptions o;
  o.batch_size = 9;  // one epoch per batch
  SampleStream s(files, sample, o, 0);
  const torch::Tensor batch = s.next()[0];
  std::set<int> values;
  for (int i = 0; i < 9; ++i) values.insert(batch[i][0].item<int>());
  EXPECT_EQ(values.size(), 8u);  // the broken file's slot is filled by a readable one
  const auto problems = s.take_problems();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("broken.png"), std::string::npos);
  EXPECT_TRUE(s.take_problems().empty());
}

TEST(SampleStream, RanksReadDisjointShards) {
  test::ScratchDir dir;
  auto files = make_files(dir);
  files.pop_back();
  StreamOptions r0;
  r0.batch_size = 4;
  r0.world_size = 2;
  StreamOptions r1 = r0;
  r1.rank = 1;
  SampleStream a(files, sample, r0, 0), b(files, sample, r1, 0);
  const torch::Tensor x = a.next()[0], y = b.next()[0];
  std::set<int> seen;
  for (int i = 0; i < 4; ++i) {
    seen.insert(x[i][0].item<int>());
    seen.insert(y[i][0].item<int>());
  }
  EXPECT_EQ(seen.size(), 8u);  // together the two ranks cover the epoch once
}

}  // namespace
}  // namespace facesr::training
