#include "evaluation/eval_set.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "core/error.h"
#include "io/image.h"
#include "io/image_files.h"
#include "landmarks/landmark_file.h"
#include "resample/pil_resize.h"
#include "training/degradation/blind_degradation.h"

namespace facesr::evaluation {

namespace fs = std::filesystem;

namespace {

// Reads the images of `dir` through `make`, skipping (and listing) bad files.
template <typename Make>
EvalSet load_images(const std::string& dir, int limit, Make make) {
  EvalSet set;
  for (const fs::path& path : list_images(dir)) {
    if (limit > 0 && static_cast<int>(set.images.size()) >= limit) break;
    try {
      set.images.push_back(make(path, read_rgb8(path.string())));
    } catch (const Error& e) {
      set.problems.push_back(e.what());
    }
  }
  if (set.images.empty()) throw Error(dir + ": none of its images could be read");
  return set;
}

cv::Mat resized(const cv::Mat& image, int size) {
  return image.rows == size && image.cols == size ? image : pil_resize(image, {size, size});
}

}  // namespace

EvalSet load_eval_set(const std::string& hr_dir, int hr_size, int lr_size, int limit, const LrSynthesis& lr) {
  const bool degrade = lr.degradation != "bicubic";
  BlindDegradationRanges ranges;
  if (degrade) ranges = BlindDegradationRanges::named(lr.degradation, hr_size);
  uint64_t index = 0;
  return load_images(hr_dir, limit, [&](const fs::path& path, const cv::Mat& original) {
    EvalImage img{path.stem().string(), resized(original, hr_size), {}, {}};
    if (degrade) {
      std::mt19937_64 rng(lr.seed + index++);
      // Every input degraded: `eval` without --degrade scores the clean case.
      const BlindSample s = changed_blind_degradation(img.hr, rng, hr_size, ranges);
      img.hr = s.hr;  // gray when the draw made the photo gray
      img.lr = resized(s.lq, lr_size);
    } else {
      img.lr = pil_resize(img.hr, {lr_size, lr_size});
    }
    const fs::path truth = fs::path(path).replace_extension(".txt");
    if (fs::exists(truth)) {
      img.landmarks = read_landmark_file(truth.string());
      const float sx = static_cast<float>(hr_size) / original.cols, sy = static_cast<float>(hr_size) / original.rows;
      for (auto& p : img.landmarks) p = {p.x * sx, p.y * sy};
    }
    return img;
  });
}

EvalSet load_lr_set(const std::string& lr_dir, int lr_size, int limit) {
  return load_images(lr_dir, limit, [&](const fs::path& path, const cv::Mat& original) {
    return EvalImage{path.stem().string(), {}, resized(original, lr_size), {}};
  });
}

std::vector<cv::Mat> pair_sr_images(const std::string& sr_dir, const EvalSet& set, std::vector<std::string>& problems) {
  std::map<std::string, std::string> by_stem;
  for (const fs::path& file : list_images(sr_dir)) by_stem.emplace(file.stem().string(), file.string());
  std::vector<cv::Mat> sr(set.images.size());
  for (size_t i = 0; i < set.images.size(); ++i) {
    const EvalImage& img = set.images[i];
    const auto it = by_stem.find(img.name);
    if (it == by_stem.end()) {
      problems.push_back(fmt::format("{}: no SR image named {}.* in {}", img.name, img.name, sr_dir));
      continue;
    }
    try {
      cv::Mat candidate = read_rgb8(it->second);
      if (candidate.size() != img.hr.size()) {
        problems.push_back(fmt::format("{}: SR is {}x{} but HR is {}x{}; not scored", it->second, candidate.cols,
                                       candidate.rows, img.hr.cols, img.hr.rows));
        continue;
      }
      sr[i] = candidate;
    } catch (const Error& e) {
      problems.push_back(e.what());
    }
  }
  return sr;
}

}  // namespace facesr::evaluation
