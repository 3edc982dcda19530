// Inference speed settings must not change what the networks compute: BN
// folding against the plain layer, and the shipped default against no tuning
// on real UTKFace validation faces (<= 0.01 dB PSNR, the project's bar).
#include <gtest/gtest.h>

#include <algorithm>

#include "core/error.h"
#include "inference/face_upscaler.h"
#include "inference/inference_tuning.h"
#include "inference/model_choice.h"
#include "io/image.h"
#include "io/image_files.h"
#include "metrics/psnr.h"
#include "models/convention.h"
#include "models/layers/conv_layer.h"
#include "resample/pil_resize.h"
#include "test_paths.h"
#include "weights/fill_v1.h"

namespace {

constexpr uint64_t kSeed = 20261122;
const torch::Device kCpu(torch::kCPU);

TEST(InferenceTuning, FoldedBatchNormMatchesConvThenNorm) {
  facesr::ConvLayer layer(facesr::ConvLayerOptions(8, 16)
                              .scale(facesr::Scale::Down)
                              .norm(facesr::NormType::Batch)
                              .relu(facesr::ReluType::LeakyReLU));
  facesr::fill::fill_module(*layer, kSeed);  // running mean/var far from 0/1
  layer->eval();
  torch::NoGradGuard no_grad;
  const auto x = facesr::fill::input("input", {2, 8, 12, 12}, kSeed);
  const auto plain = layer->forward(x);
  ASSERT_TRUE(layer->fold_batch_norm());
  const auto folded = layer->forward(x);
  ASSERT_EQ(folded.sizes(), plain.sizes());
  EXPECT_LT((folded - plain).abs().max().item<float>(), 1e-5f * plain.abs().max().item<float>());

  facesr::ConvLayer instance(facesr::ConvLayerOptions(8, 8).norm(facesr::NormType::Instance));
  instance->eval();
  EXPECT_FALSE(instance->fold_batch_norm());
}

TEST(InferenceTuning, ParsesItemsAndRefusesUnknownOnes) {
  const auto t = facesr::parse_tuning("fold_bn,channels_last,micro_batch=4", kCpu, facesr::find_model("sparnet"));
  EXPECT_TRUE(t.fold_batch_norm);
  EXPECT_TRUE(t.channels_last);
  EXPECT_EQ(t.micro_batch, 4);
  EXPECT_EQ(facesr::describe(t), "fold_bn,channels_last,micro_batch=4");
  EXPECT_EQ(facesr::describe(facesr::parse_tuning("none", kCpu, facesr::find_model("sparnet"))), "none");
  EXPECT_THROW(facesr::parse_tuning("turbo", kCpu, facesr::find_model("sparnet")), facesr::Error);
  const auto forced = facesr::parse_tuning("onednn=winograd", kCpu, facesr::find_model("sparnet"));
  if (facesr::onednn_available()) {
    EXPECT_EQ(forced.conv.algorithm, facesr::ConvAlgorithm::Winograd);
    EXPECT_EQ(facesr::describe(forced), "onednn=winograd");
  }
  // On CPU every setting that measured faster; elsewhere only the exact BN folding.
  const auto cpu = facesr::default_tuning(kCpu, facesr::find_model("sparnet-light"));
  EXPECT_TRUE(cpu.fold_batch_norm && cpu.channels_last);
  EXPECT_EQ(cpu.conv.onednn, facesr::onednn_available());
  EXPECT_EQ(cpu.micro_batch, 4);
  const auto gpu = facesr::default_tuning(torch::Device(torch::kCUDA), facesr::find_model("sparnet-light"));
  EXPECT_EQ(facesr::describe(gpu), "fold_bn");
}

TEST(InferenceTuning, OneDnnNeedsABuildWithIt) {
  if (facesr::onednn_available()) GTEST_SKIP() << "this build has oneDNN";
  EXPECT_THROW(facesr::parse_tuning("onednn", kCpu, facesr::find_model("sparnet")), facesr::Error);
}

// Mean RGB PSNR (dB) of the SR faces against the HR faces.
double mean_psnr(const std::vector<cv::Mat>& sr, const std::vector<cv::Mat>& hr) {
  double sum = 0;
  for (size_t i = 0; i < sr.size(); ++i)
    sum += facesr::metrics::psnr(sr[i], hr[i], facesr::metrics::PsnrFormula::PowerRatio);
  return sum / static_cast<double>(sr.size());
}

// Mean RGB PSNR (dB) of `network` under `tuning` against the HR faces.
double mean_psnr(facesr::SRNetwork& network, const facesr::InferenceTuning& tuning, const torch::Tensor& input,
                 const std::vector<cv::Mat>& hr, const facesr::ImageConvention& c) {
  facesr::prepare_network(network, kCpu, tuning);
  torch::InferenceMode guard;
  return mean_psnr(facesr::output_to_faces(facesr::run_network(network, input, kCpu, tuning), c), hr);
}

// The last `count` files of the sorted UTKFace list (its validation split),
// as HR faces of the convention's output size and their PIL-bicubic LR inputs.
struct ValidationFaces {
  std::vector<cv::Mat> hr, lr;
};
ValidationFaces validation_faces(size_t count, const facesr::ImageConvention& c) {
  const auto files = facesr::list_images(facesr::test::shared_dir() / "data" / "utkface");
  EXPECT_GE(files.size(), 1000u);
  ValidationFaces faces;
  for (size_t i = files.size() - std::min(count, files.size()); i < files.size(); ++i) {
    faces.hr.push_back(facesr::pil_resize(facesr::read_rgb8(files[i].string()), {c.output_size, c.output_size}));
    faces.lr.push_back(facesr::pil_resize(faces.hr.back(), {c.lr_size, c.lr_size}));
  }
  return faces;
}

TEST(InferenceTuning, DefaultKeepsSparnetWithinAHundredthOfADecibel) {
  const facesr::ModelSpec& spec = facesr::find_model("sparnet");
  const auto& c = spec.convention;
  const ValidationFaces faces = validation_faces(6, c);
  const torch::Tensor input = facesr::faces_to_input(faces.lr, c);
  auto plain = spec.make(facesr::ModelOptions::object());
  facesr::fill::fill_module(*plain, kSeed);
  auto tuned = spec.make(facesr::ModelOptions::object());
  facesr::fill::fill_module(*tuned, kSeed);
  const double reference = mean_psnr(*plain, facesr::parse_tuning("none", kCpu, facesr::find_model("sparnet")), input, faces.hr, c);
  const double with_default = mean_psnr(*tuned, facesr::default_tuning(kCpu, facesr::find_model("sparnet")), input, faces.hr, c);
  EXPECT_NEAR(with_default, reference, 0.01);
}

// The bundled model on 16 validation faces: every CPU setting, with Winograd
// forced on every 3×3 layer (the setting that rounds most), against none.
TEST(InferenceTuning, WinogradKeepsTheBundledModelWithinAHundredthOfADecibel) {
  if (!facesr::onednn_available()) GTEST_SKIP() << "built without oneDNN";
  const facesr::ModelSpec& spec = facesr::find_model("sparnet");
  const ValidationFaces faces = validation_faces(16, spec.convention);
  const auto psnr_of = [&](const std::string& tuning) {
    facesr::FaceUpscaler upscaler(spec, facesr::bundled_default_weights(), kCpu,
                                  facesr::parse_tuning(tuning, kCpu, spec));
    return mean_psnr(upscaler.upscale(faces.lr), faces.hr);
  };
  const double reference = psnr_of("none");
  EXPECT_GT(reference, 20.0);  // a trained model, not noise
  EXPECT_NEAR(psnr_of("fold_bn,channels_last,onednn=winograd,micro_batch=4"), reference, 0.01);
}

}  // namespace
