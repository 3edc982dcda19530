// The public API (include/facesr/facesr.h), used as a program would: plain
// RGB images in and out, models opened once, facesr::Error for every mistake.
// Its results are the inside's (FaceUpscaler, PhotoRestorer, score_pair).
#include <gtest/gtest.h>

#include <cmath>

#include <facesr/facesr.h>

#include <opencv2/core.hpp>

#include "inference/face_upscaler.h"
#include "inference/model_choice.h"
#include "io/image.h"
#include "metrics/protocol.h"
#include "models/registry.h"
#include "resample/pil_resize.h"
#include "synthetic_photo.h"
#include "test_paths.h"

namespace facesr::test {
namespace {

cv::Mat as_mat(const Image& image) {
  return cv::Mat(image.height, image.width, CV_8UC3, const_cast<uint8_t*>(image.pixels.data())).clone();
}

Image fixture_image(const std::string& name) { return read_image(fixture("images/" + name).string()); }

TEST(PublicApi, BundledModelUpscalesAsTheInsideDoesAndBeatsBicubic) {
  FaceModel model;  // the bundled x8 default
  EXPECT_EQ(model.name(), "sparnet");
  EXPECT_EQ(model.input_size(), 16);
  EXPECT_EQ(model.output_size(), 128);
  EXPECT_FALSE(model.restores_in_place());

  const Image lr = fixture_image("lr16_00.png");
  const std::vector<Image> sr = model.upscale({lr});
  ASSERT_EQ(sr.size(), 1u);
  ASSERT_EQ(sr[0].width, 128);
  ASSERT_EQ(sr[0].height, 128);

  FaceUpscaler inside = FaceUpscaler::open("", bundled_default_weights(), torch::kCPU);
  const cv::Mat expected = inside.upscale({read_rgb8(fixture("images/lr16_00.png").string())}).at(0);
  // Up to one level: each network measures its fastest convolution algorithm.
  EXPECT_LE(cv::norm(as_mat(sr[0]), expected, cv::NORM_INF), 1.0);

  const Image hr = fixture_image("hr_00.png");
  const cv::Mat up = pil_resize(as_mat(lr), {128, 128});
  const Image bicubic_image{128, 128, std::vector<uint8_t>(up.data, up.data + up.total() * 3)};
  EXPECT_GT(score(sr[0], hr).psnr, score(bicubic_image, hr).psnr + 1.0);
}

TEST(PublicApi, BatchesGiveTheSameFacesAsOneAtATime) {
  ModelSettings settings;
  settings.batch_size = 2;
  FaceModel model(settings);
  std::vector<Image> faces;
  for (int i = 0; i < 5; ++i) faces.push_back(fixture_image("lr16_0" + std::to_string(i) + ".png"));
  const std::vector<Image> batched = model.upscale(faces);
  ASSERT_EQ(batched.size(), 5u);
  for (int i = 0; i < 5; ++i)
    EXPECT_LE(cv::norm(as_mat(batched[i]), as_mat(model.upscale({faces[i]}).at(0)), cv::NORM_INF), 1.0) << i;
}

// ModelSettings::flip_ensemble reaches the network: a face and its mirror
// image come out as exact mirror images (FlipEnsemble.* checks the average).
TEST(PublicApi, FlipEnsembleGivesAMirroredFaceTheMirroredResult) {
  ModelSettings settings;
  settings.flip_ensemble = true;
  FaceModel model(settings);
  const Image lr = fixture_image("lr16_02.png");
  cv::Mat flipped;
  cv::flip(as_mat(lr), flipped, 1);
  const std::vector<Image> sr =
      model.upscale({lr, Image{16, 16, std::vector<uint8_t>(flipped.data, flipped.data + flipped.total() * 3)}});
  cv::Mat second_flipped;
  cv::flip(as_mat(sr.at(1)), second_flipped, 1);
  EXPECT_EQ(cv::norm(as_mat(sr.at(0)), second_flipped, cv::NORM_INF), 0.0);
}

TEST(PublicApi, ScoreIsTheProtocolsScore) {
  const Image sr = fixture_image("sr_00.png"), hr = fixture_image("hr_00.png");
  for (const char* protocol : {"sparnet", "dic", "rgb"}) {
    const metrics::PairScore inside = metrics::score_pair(as_mat(sr), as_mat(hr), metrics::find_protocol(protocol));
    const Score outside = score(sr, hr, protocol);
    EXPECT_DOUBLE_EQ(outside.psnr, inside.psnr) << protocol;
    EXPECT_DOUBLE_EQ(outside.ssim, inside.ssim) << protocol;
  }
  EXPECT_TRUE(std::isinf(score(hr, hr).psnr));
}

TEST(PublicApi, PhotoPipelineRestoresEveryFace) {
  const std::vector<cv::Rect> squares{{10, 20, 60, 60}, {110, 24, 56, 56}};
  const cv::Mat photo = group_photo({190, 110}, {3, 12}, squares, 4).rgb;
  const PhotoPipeline pipeline;
  const PhotoResult r = pipeline.restore(Image{photo.cols, photo.rows, std::vector<uint8_t>(photo.data, photo.data + photo.total() * 3)});
  EXPECT_EQ(r.faces, 2);
  EXPECT_EQ(r.upscale, 2);
  EXPECT_EQ(r.image.width, 2 * photo.cols);
  EXPECT_EQ(r.image.height, 2 * photo.rows);
  // Aligned crops come back at their own size or the x8 model's output.
  const std::vector<Image> faces = pipeline.restore_aligned({fixture_image("lr16_00.png"), fixture_image("hr_00.png")});
  ASSERT_EQ(faces.size(), 2u);
  EXPECT_EQ(faces[0].width, 128);
  EXPECT_EQ(faces[1].width, 128);
}

TEST(PublicApi, ImagesRoundTripThroughFiles) {
  ScratchDir dir;
  const Image face = fixture_image("hr_01.png");
  write_image(dir.file("face.png"), face);
  const Image again = read_image(dir.file("face.png"));
  EXPECT_EQ(again.width, face.width);
  EXPECT_EQ(again.height, face.height);
  EXPECT_TRUE(again.pixels == face.pixels);
}

TEST(PublicApi, MistakesAreFacesrErrors) {
  ModelSettings needs_weights;
  needs_weights.model = "sparnet";
  EXPECT_THROW(FaceModel{needs_weights}, Error);
  ModelSettings missing;
  missing.weights = "/nonexistent/model.safetensors";
  EXPECT_THROW(FaceModel{missing}, Error);
  ModelSettings no_gpu;
  no_gpu.device = "tpu";
  EXPECT_THROW(FaceModel{no_gpu}, Error);
  FaceModel model;
  EXPECT_THROW(model.upscale({Image{16, 16, std::vector<uint8_t>(10)}}), Error);  // too few bytes
  EXPECT_THROW(score(fixture_image("hr_00.png"), fixture_image("lr16_00.png")), Error);
  EXPECT_THROW(score(fixture_image("hr_00.png"), fixture_image("hr_01.png"), "psnr-please"), Error);
  EXPECT_THROW(read_image("/nonexistent.png"), Error);
}

}  // namespace
}  // namespace facesr::test
