#include "training/degradation/blind_degradation.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/error.h"
#include "resample/pil_resize.h"

namespace facesr {

namespace {

int odd_up(int k) { return k % 2 == 0 ? k + 1 : k; }

cv::Mat blur(const cv::Mat& image, const BlindDegradationParams& p) {
  cv::Mat out;
  switch (p.blur) {
    case BlurKind::None: return image;
    case BlurKind::Gaussian: {
      const int k = gaussian_blur_ksize(p.blur_sigma);
      cv::GaussianBlur(image, out, cv::Size(k, k), p.blur_sigma, p.blur_sigma, cv::BORDER_REFLECT_101);
      return out;
    }
    case BlurKind::Average: cv::blur(image, out, cv::Size(p.blur_kernel, p.blur_kernel)); return out;
    case BlurKind::Median: cv::medianBlur(image, out, p.blur_kernel); return out;
    case BlurKind::Motion:
      cv::filter2D(image, out, -1, motion_blur_kernel(p.blur_kernel, p.motion_angle, p.motion_direction),
                   cv::Point(-1, -1), 0, cv::BORDER_REFLECT_101);
      return out;
  }
  return image;
}

// imgaug AdditiveGaussianNoise: one N(0, σ) draw per pixel, or per pixel and
// channel, added and clipped to uint8.
cv::Mat add_noise(const cv::Mat& image, const BlindDegradationParams& p) {
  std::mt19937_64 rng(p.noise_seed);
  std::normal_distribution<double> normal(0.0, p.noise_sigma);
  cv::Mat out = image.clone();
  for (int y = 0; y < out.rows; ++y) {
    auto* row = out.ptr<cv::Vec3b>(y);
    for (int x = 0; x < out.cols; ++x) {
      const double shared = p.noise_per_channel ? 0.0 : normal(rng);
      for (int c = 0; c < 3; ++c) {
        row[x][c] = cv::saturate_cast<uchar>(row[x][c] + (p.noise_per_channel ? normal(rng) : shared));
      }
    }
  }
  return out;
}

cv::Mat jpeg(const cv::Mat& rgb, int quality) {
  std::vector<uchar> bytes;
  cv::Mat bgr;
  cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
  cv::imencode(".jpg", bgr, bytes, {cv::IMWRITE_JPEG_QUALITY, quality});
  cv::Mat decoded = cv::imdecode(bytes, cv::IMREAD_COLOR);
  cv::cvtColor(decoded, decoded, cv::COLOR_BGR2RGB);
  return decoded;
}

}  // namespace

int gaussian_blur_ksize(double sigma) {
  const double factor = sigma < 3.0 ? 3.3 : sigma < 5.0 ? 2.9 : 2.6;
  return odd_up(static_cast<int>(std::max(factor * sigma, 5.0)));
}

cv::Mat motion_blur_kernel(int k, double angle, double direction) {
  if (k < 3 || k % 2 == 0) throw Error("motion_blur_kernel: k must be odd and >= 3, got " + std::to_string(k));
  const double d = (std::clamp(direction, -1.0, 1.0) + 1.0) / 2.0;
  cv::Mat line = cv::Mat::zeros(k, k, CV_8UC1);
  for (int i = 0; i < k; ++i) {
    // numpy linspace(d, 1 - d, k), times 255, truncated by astype(uint8).
    const double w = d + (1.0 - 2.0 * d) * i / (k - 1);
    line.at<uchar>(i, k / 2) = static_cast<uchar>(w * 255.0);
  }
  const double centre = (k - 1) / 2.0;
  // OpenCV's positive angle is counter-clockwise; imgaug's is clockwise.
  const cv::Mat rotation = cv::getRotationMatrix2D(cv::Point2f(centre, centre), -angle, 1.0);
  cv::Mat rotated;
  cv::warpAffine(line, rotated, rotation, line.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar());
  cv::Mat kernel;
  rotated.convertTo(kernel, CV_32F);
  const double total = cv::sum(kernel)[0];
  // The centre tap always holds 0.5·255, so the sum is positive.
  return kernel / total;
}

BlindDegradationRanges BlindDegradationRanges::sparnethd() { return {}; }

BlindDegradationRanges BlindDegradationRanges::blind(int size) {
  if (size < 8) throw Error("blind degradation: the frame must be at least 8 px, got " + std::to_string(size));
  BlindDegradationRanges r;
  const double to_size = size / 512.0;  // SPARNetHD's blur sizes are for 512
  const auto kernel = [&](int official) { return std::max(3, static_cast<int>(official * to_size)); };
  r.p_clean = 0.1;
  r.p_gray = 0.1;
  r.gaussian_sigma[0] = 0.25 * size / 128.0;
  r.gaussian_sigma[1] = 15.0 * to_size;
  r.average_kernel[1] = kernel(15);
  r.median_kernel[1] = kernel(15);
  r.motion_kernel[0] = 3;
  r.motion_kernel[1] = kernel(25);
  r.scale_size[0] = size / 8;
  r.scale_size[1] = size;
  r.log_uniform_scale = true;
  r.centred_nearest = true;
  return r;
}

BlindDegradationRanges BlindDegradationRanges::photo(int size) {
  BlindDegradationRanges r = blind(size);
  const double to_size = size / 128.0;  // the ranges below are for a 128 frame
  const auto kernel = [&](int at128) { return std::max(3, static_cast<int>(std::lround(at128 * to_size))); };
  r.p_blur = 0.3;
  r.gaussian_sigma[0] = 0.25 * to_size;
  r.gaussian_sigma[1] = 1.5 * to_size;
  r.average_kernel[1] = kernel(3);
  r.median_kernel[1] = kernel(3);
  r.motion_kernel[1] = std::max(3, kernel(5));
  r.noise_sigma[1] = 15.0;
  r.p_jpeg = 0.5;
  r.jpeg_compression[0] = 5.0;   // quality 96
  r.jpeg_compression[1] = 61.0;  // quality 40
  r.lanczos_up = true;
  return r;
}

BlindDegradationRanges BlindDegradationRanges::named(const std::string& name, int size) {
  if (name == "blind") return blind(size);
  if (name == "photo") return photo(size);
  throw Error("degradation '" + name + "': expected blind or photo");
}

BlindDegradationParams draw_blind_degradation(std::mt19937_64& rng, const BlindDegradationRanges& r) {
  const auto chance = [&](double p) { return std::bernoulli_distribution(p)(rng); };
  const auto uniform = [&](double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); };
  const auto integer = [&](const int (&range)[2]) { return std::uniform_int_distribution<int>(range[0], range[1])(rng); };
  BlindDegradationParams p;
  p.scale_size = r.scale_size[1];
  p.interpolation = cv::INTER_CUBIC;
  p.lanczos_up = r.lanczos_up;
  if (r.p_clean > 0 && chance(r.p_clean)) return p;
  p.gray = chance(r.p_gray);
  if (chance(r.p_blur)) {
    p.blur = static_cast<BlurKind>(integer({1, 4}));
    if (p.blur == BlurKind::Gaussian) p.blur_sigma = uniform(r.gaussian_sigma[0], r.gaussian_sigma[1]);
    if (p.blur == BlurKind::Average) p.blur_kernel = integer(r.average_kernel);
    if (p.blur == BlurKind::Median) p.blur_kernel = odd_up(integer(r.median_kernel));
    if (p.blur == BlurKind::Motion) {
      p.blur_kernel = odd_up(integer(r.motion_kernel));
      p.motion_angle = uniform(0.0, 360.0);
      p.motion_direction = uniform(-1.0, 1.0);
    }
  }
  p.scale_size = r.log_uniform_scale
                     ? static_cast<int>(std::lround(std::exp(uniform(std::log(r.scale_size[0]), std::log(r.scale_size[1])))))
                     : integer(r.scale_size);
  const int nearest = r.centred_nearest ? cv::INTER_NEAREST_EXACT : cv::INTER_NEAREST;
  const int interpolations[] = {nearest, cv::INTER_LINEAR, cv::INTER_AREA, cv::INTER_CUBIC};
  p.interpolation = interpolations[integer({0, 3})];
  p.noise = chance(r.p_noise);
  if (p.noise) {
    p.noise_sigma = uniform(r.noise_sigma[0], r.noise_sigma[1]);
    p.noise_per_channel = chance(0.5);
    p.noise_seed = rng();
  }
  p.jpeg = chance(r.p_jpeg);
  if (p.jpeg) {
    const double compression = uniform(r.jpeg_compression[0], r.jpeg_compression[1]);
    p.jpeg_quality = std::clamp(static_cast<int>(std::lround(1.0 + 99.0 * (1.0 - compression / 101.0))), 1, 100);
  }
  return p;
}

BlindSample blind_degradation(const cv::Mat& rgb, const BlindDegradationParams& params, int size) {
  if (rgb.empty() || rgb.type() != CV_8UC3) throw Error("blind_degradation: expected a non-empty RGB8 (CV_8UC3) image");
  BlindSample sample;
  sample.hr = pil_resize(rgb, cv::Size(size, size));
  if (params.gray) {
    cv::Mat gray;
    cv::cvtColor(sample.hr, gray, cv::COLOR_RGB2GRAY);
    cv::cvtColor(gray, sample.hr, cv::COLOR_GRAY2RGB);
  }
  cv::Mat lq;
  cv::resize(blur(sample.hr, params), lq, cv::Size(params.scale_size, params.scale_size), 0, 0, params.interpolation);
  if (params.noise) lq = add_noise(lq, params);
  if (params.jpeg) lq = jpeg(lq, params.jpeg_quality);
  cv::resize(lq, sample.lq, cv::Size(size, size), 0, 0, params.lanczos_up ? cv::INTER_LANCZOS4 : cv::INTER_CUBIC);
  return sample;
}

BlindSample blind_degradation(const cv::Mat& rgb, std::mt19937_64& rng, int size, const BlindDegradationRanges& ranges) {
  return blind_degradation(rgb, draw_blind_degradation(rng, ranges), size);
}

BlindSample changed_blind_degradation(const cv::Mat& rgb, std::mt19937_64& rng, int size, BlindDegradationRanges ranges) {
  ranges.p_clean = 0;
  BlindSample s;
  // A flat image can come through many draws unchanged: give up after 100.
  for (int tries = 0; tries < 100; ++tries) {
    s = blind_degradation(rgb, draw_blind_degradation(rng, ranges), size);
    if (cv::norm(s.lq, s.hr, cv::NORM_INF) > 0) break;
  }
  return s;
}

}  // namespace facesr
