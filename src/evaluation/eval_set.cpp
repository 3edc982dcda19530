#include "evaluation/eval_set.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "core/error.h"
#include "io/image.h"
#include "io/image_files.h"
#include "landmarks/landmark_file.h"
#include "resample/pil_resize.h"

namespace facesr::evaluation {

namespace fs = std::filesystem;

EvalSet load_eval_set(const std::string& hr_dir, int hr_size, int lr_size, int limit) {
  EvalSet set;
  for (const fs::path& path : list_images(hr_dir)) {
    const std::string file = path.string();
    if (limit > 0 && static_cast<int>(set.images.size()) >= limit) break;
    try {
      cv::Mat hr = read_rgb8(file);
      if (hr.rows != hr_size || hr.cols != hr_size) hr = pil_resize(hr, {hr_size, hr_size});
      cv::Mat lr = pil_resize(hr, {lr_size, lr_size});
      set.images.push_back({fs::path(file).stem().string(), hr, lr});
    } catch (const Error& e) {
      set.problems.push_back(e.what());
    }
  }
  if (set.images.empty()) throw Error(hr_dir + ": none of its images could be read");
  return set;
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
