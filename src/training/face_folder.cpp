#include "training/face_folder.h"

#include <fmt/format.h>

#include <future>
#include <opencv2/imgproc.hpp>

#include "core/error.h"
#include "io/image.h"
#include "io/image_files.h"
#include "training/paired_bicubic.h"

namespace facesr::training {

FaceSplit split_face_folder(const std::filesystem::path& dir, int val_count) {
  if (!std::filesystem::is_directory(dir))
    throw Error(fmt::format("{}: no such folder; pass --data DIR with your HR face images", dir.string()));
  std::vector<std::filesystem::path> files = list_images(dir);
  if (val_count < 0) val_count = 0;
  if (files.size() < static_cast<size_t>(val_count) + 1)
    throw Error(fmt::format("{}: {} images, but training needs more than the {} kept for validation; add images or "
                            "lower --set val_count=N",
                            dir.string(), files.size(), val_count));
  FaceSplit split;
  const auto cut = files.end() - val_count;
  split.train.assign(files.begin(), cut);
  split.val.assign(cut, files.end());
  return split;
}

double face_sharpness(const cv::Mat& rgb, int size) {
  cv::Mat gray, laplacian;
  cv::cvtColor(fit_to_square(rgb, size), gray, cv::COLOR_RGB2GRAY);
  cv::Laplacian(gray, laplacian, CV_64F);
  cv::Scalar mean, stddev;
  cv::meanStdDev(laplacian, mean, stddev);
  return stddev[0] * stddev[0];
}

std::vector<std::filesystem::path> sharp_faces(const std::vector<std::filesystem::path>& files, int size,
                                               double min_sharpness) {
  // Two halves at once: decoding thousands of JPEGs is the slow part.
  const auto keep = [&](size_t begin, size_t end) {
    std::vector<char> kept(end - begin, 1);
    for (size_t i = begin; i < end; ++i) {
      try {
        kept[i - begin] = face_sharpness(read_rgb8(files[i].string()), size) >= min_sharpness;
      } catch (const Error&) {
      }
    }
    return kept;
  };
  const size_t half = files.size() / 2;
  auto first = std::async(std::launch::async, keep, size_t{0}, half);
  const std::vector<char> second = keep(half, files.size());
  std::vector<char> kept = first.get();
  kept.insert(kept.end(), second.begin(), second.end());
  std::vector<std::filesystem::path> out;
  for (size_t i = 0; i < files.size(); ++i)
    if (kept[i]) out.push_back(files[i]);
  return out;
}

}  // namespace facesr::training
