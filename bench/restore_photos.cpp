// Whole-photo restoration measured on many faces: UTKFace validation faces
// (their 128 px originals) shown at a given size in small photos, clean and
// mildly blurred + JPEG'd, restored with the bundled models by each route;
// PSNR (Y) of the restored photo and of the plain Lanczos upscale against
// the original at the size the output shows the face, and the time of each
// stage. Built on request: cmake --build build --target facesr_restore_photos
// Usage: facesr_restore_photos [--faces N] [--upscale U] [--threads T] [--sizes 16,24,...] [--group-photos N]
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <map>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>
#include <string>

#include "inference/model_choice.h"
#include "io/image.h"
#include "io/image_files.h"
#include "metrics/protocol.h"
#include "models/registry.h"
#include "photo/alignment.h"
#include "photo/photo_restorer.h"
#include "photo/restored_photo.h"
#include "resample/pil_resize.h"
#include "runtime/caching_cpu_allocator.h"
#include "runtime/runtime.h"

using namespace facesr;

namespace {

std::vector<std::string> validation_faces() {
  const std::vector<std::filesystem::path> all = list_images(std::filesystem::path(FACESR_SHARED_DIR) / "data/utkface");
  std::vector<std::string> out;
  for (size_t i = all.size() - 1000; i < all.size(); ++i) out.push_back(all[i].string());
  return out;
}

cv::Mat noisy_background(cv::Size size, std::mt19937& rng) {
  cv::Mat photo(size, CV_8UC3, cv::Scalar(110 + rng() % 40, 110 + rng() % 40, 110 + rng() % 40)), noise(size, CV_32FC3);
  // From rng, not cv::randn's process-wide generator: each photo must not depend on what ran before it.
  cv::RNG(rng()).fill(noise, cv::RNG::NORMAL, 0, 4);
  cv::Mat base;
  photo.convertTo(base, CV_32FC3);
  cv::Mat(base + noise).convertTo(photo, CV_8UC3);
  return photo;
}

cv::Mat blurred_jpeg(const cv::Mat& rgb) {
  cv::Mat blurred;
  cv::GaussianBlur(rgb, blurred, {0, 0}, 0.7);
  std::vector<uchar> bytes;
  cv::imencode(".jpg", blurred, bytes, {cv::IMWRITE_JPEG_QUALITY, 60});
  return cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
}

// Canvas pixels of the photo upscaled u times -> a side x side frame of a face shown at `size` px at `at`.
cv::Matx23d to_frame(cv::Point at, int size, int u, int side) {
  const double s = static_cast<double>(side) / (size * u), shift = 0.5 * (u - 1);
  return {s, 0, s * (0.5 * u - u * at.x - shift) - 0.5, 0, s, s * (0.5 * u - u * at.y - shift) - 0.5};
}

double psnr_y(const cv::Mat& a, const cv::Mat& b) { return metrics::score_pair(a, b, metrics::Protocol::SPARNet).psnr; }

struct Tally {
  int faces = 0, found = 0;
  double plain = 0, restored = 0;
  std::map<std::string, int> routes;
};

std::vector<int> parse_ints(const std::string& text) {
  std::vector<int> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) out.push_back(std::stoi(item));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int faces_per_size = 20, upscale = 2, threads = 0, group_photos = 6;
  std::vector<int> sizes{16, 20, 24, 32, 48, 64, 96, 128};
  std::vector<std::string> routes{"auto", "sr", "restore"};
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    if (key == "--faces") faces_per_size = std::stoi(value);
    else if (key == "--upscale") upscale = std::stoi(value);
    else if (key == "--threads") threads = std::stoi(value);
    else if (key == "--sizes") sizes = parse_ints(value);
    else if (key == "--group-photos") group_photos = std::stoi(value);
    else return fmt::print(stderr, "unknown option {}\n", key), 2;
  }
  threads = configure_threads(threads);  // 0 means every core: report the count used
  // As every facesr command does, so the timings are the ones `facesr restore` users get.
  install_caching_cpu_allocator(default_cpu_cache_limit());
  const auto load = [](const std::string& weights) {
    return std::make_unique<FaceUpscaler>(FaceUpscaler::open("", weights, torch::kCPU));
  };
  const auto sr = load(bundled_default_weights()), restorer = load(bundled_restorer_weights());
  const std::vector<std::string> validation = validation_faces();

  fmt::print("PSNR (Y, dB) against the original at the size the output shows the face (min(size x {}, 128)), "
             "{} faces a size; 'found' = faces the detector found\n\n",
             upscale, faces_per_size);
  fmt::print("| photo | face px | found | plain upscale |");
  for (const std::string& r : routes) fmt::print(" route {} |", r);
  fmt::print(" auto took |\n|---|---:|---:|---:|");
  for (size_t r = 0; r < routes.size(); ++r) fmt::print("---:|");
  fmt::print("---|\n");
  for (const bool degraded : {false, true}) {
    for (const int size : sizes) {
      std::map<std::string, Tally> tallies;
      for (const std::string& route : routes) {
        PhotoRestoreOptions options;
        options.upscale = upscale;
        options.route = parse_route_choice(route);
        const PhotoRestorer photo_restorer(sr.get(), restorer.get(), options);
        Tally& t = tallies[route];
        std::mt19937 rng(static_cast<unsigned>(size));
        for (int k = 0; k < faces_per_size; ++k) {
          const cv::Mat original = pil_resize(read_rgb8(validation.at(static_cast<size_t>(37 * k + size) % 1000)), {128, 128});
          const int canvas = std::max(96, 3 * size);
          cv::Mat photo = noisy_background({canvas, canvas}, rng);
          const cv::Point at(static_cast<int>(size / 2 + rng() % (canvas - 2 * size + 1)),
                             static_cast<int>(size / 2 + rng() % (canvas - 2 * size + 1)));
          pil_resize(original, {size, size}).copyTo(photo(cv::Rect(at, cv::Size(size, size))));
          if (degraded) photo = blurred_jpeg(photo);
          const RestoredPhoto r = photo_restorer.restore(photo);
          ++t.faces;
          if (r.faces.size() != 1) continue;
          ++t.found;
          ++t.routes[route_name(r.faces[0].route.route)];
          const int side = std::min(128, size * r.upscale);
          const cv::Mat reference = pil_resize(original, {side, side});
          const cv::Matx23d m = to_frame(at, size, r.upscale, side);
          t.plain += psnr_y(warp_to_crop(upscale_background(photo, r.upscale), m, side), reference);
          t.restored += psnr_y(warp_to_crop(r.image, m, side), reference);
        }
      }
      const Tally& a = tallies["auto"];
      fmt::print("| {} | {} | {}/{} | {:.2f} |", degraded ? "blurred + JPEG" : "clean", size, a.found, a.faces,
                 a.found ? a.plain / a.found : 0.0);
      for (const std::string& route : routes) {
        const Tally& t = tallies[route];
        fmt::print(" {:.2f} |", t.found ? t.restored / t.found : 0.0);
      }
      std::string took;
      for (const auto& [name, n] : a.routes) took += fmt::format("{}{} {}", took.empty() ? "" : ", ", name, n);
      fmt::print(" {} |\n", took);
      std::fflush(stdout);
    }
  }

  // Timing: group photos of 1280x960 with five faces of 40 to 200 px, as restore runs them by default.
  if (group_photos > 0) {
    PhotoRestoreOptions options;
    options.upscale = upscale;
    const PhotoRestorer photo_restorer(sr.get(), restorer.get(), options);
    RestoreTimings sum;
    int faces = 0;
    std::mt19937 rng(7);
    for (int p = 0; p < group_photos; ++p) {
      cv::Mat photo = noisy_background({1280, 960}, rng);
      for (int k = 0; k < 5; ++k) {
        const int size = 40 + static_cast<int>(rng() % 161);
        const cv::Mat face = read_rgb8(validation.at(rng() % 1000));
        const cv::Rect where(static_cast<int>(k * 250 + rng() % 40), static_cast<int>(100 + rng() % (860 - size)), size, size);
        pil_resize(face, {size, size}).copyTo(photo(where));
      }
      photo = blurred_jpeg(photo);
      const RestoredPhoto r = photo_restorer.restore(photo);
      if (p == 0) continue;  // warm-up: loads the landmark model
      faces += static_cast<int>(r.faces.size());
      sum.detect += r.seconds.detect, sum.align += r.seconds.align, sum.network += r.seconds.network,
          sum.paste += r.seconds.paste;
    }
    const int timed = group_photos - 1;
    const double total = sum.detect + sum.align + sum.network + sum.paste;
    fmt::print("\n{} photos 1280x960 ({} faces of 40-200 px found), upscale {}, {} threads: {:.3f} s a photo, "
               "{:.3f} s a face; a photo: detect {:.3f} s, align {:.3f} s, network {:.3f} s, paste-back {:.3f} s\n",
               timed, faces, upscale, threads, total / timed, faces ? total / faces : 0.0, sum.detect / timed,
               sum.align / timed, sum.network / timed, sum.paste / timed);
  }
  return 0;
}
