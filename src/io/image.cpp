#include "io/image.h"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <cstdio>
#include <unistd.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/error.h"
#include "io/atomic_file.h"

namespace facesr {

namespace {

// OpenCV reads its pixel limit from the environment once, on first decode.
void limit_decoder_size() {
  static std::once_flag once;
  std::call_once(once, [] {
    ::setenv("OPENCV_IO_MAX_IMAGE_PIXELS", std::to_string(kMaxImagePixels).c_str(), /*overwrite=*/0);
  });
}

// Codec libraries (libpng, libjpeg) print their complaints straight to
// stderr. While decoding, stderr goes to a scratch file instead, so a corrupt
// file yields one facesr error line that quotes the codec's reason.
class CodecMessages {
 public:
  CodecMessages() : lock_(mutex()) {
    std::fflush(stderr);
    scratch_ = std::tmpfile();
    saved_ = scratch_ ? ::dup(STDERR_FILENO) : -1;
    if (saved_ >= 0) ::dup2(::fileno(scratch_), STDERR_FILENO);
  }
  ~CodecMessages() {
    restore();
    if (scratch_) std::fclose(scratch_);
  }
  // What the codec printed, on one line.
  std::string text() {
    restore();
    if (!scratch_) return {};
    std::string out;
    std::rewind(scratch_);
    for (int c; (c = std::fgetc(scratch_)) != EOF && out.size() < 200;) out.push_back(c == '\n' ? ' ' : static_cast<char>(c));
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
  }

 private:
  static std::mutex& mutex() {
    static std::mutex m;
    return m;
  }
  void restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    ::dup2(saved_, STDERR_FILENO);
    ::close(saved_);
    saved_ = -1;
  }
  std::lock_guard<std::mutex> lock_;
  std::FILE* scratch_ = nullptr;
  int saved_ = -1;
};

}  // namespace

namespace {

// Decodes `path` with imread `flags`; one facesr::Error line for anything that is not a readable image.
cv::Mat decode(const std::string& path, int flags) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) throw Error(path + ": no such file; check the path");
  if (!fs::is_regular_file(status)) throw Error(path + ": not a file; pass an image file");
  if (fs::file_size(path, ec) == 0) throw Error(path + ": file is empty; re-export the image");

  limit_decoder_size();
  cv::Mat decoded;
  std::string codec_text;
  {
    CodecMessages codec;
    try {
      decoded = cv::imread(path, flags);
    } catch (const cv::Exception&) {
      throw Error(path + ": image is larger than " + std::to_string(kMaxImagePixels / 1'000'000) +
                  " megapixels or unreadable; downscale it first");
    }
    if (decoded.empty()) codec_text = codec.text();
  }
  if (decoded.empty())
    throw Error(path + ": not a readable image (corrupt, truncated or not PNG/JPEG/BMP/TIFF/WebP" +
                (codec_text.empty() ? "" : "; decoder said: " + codec_text) + "); re-export it");
  return decoded;
}

// Decoded BGR(A) or gray(+alpha) pixels of any depth → RGB8: alpha dropped, gray replicated.
cv::Mat to_rgb8(const cv::Mat& decoded, const std::string& path) {
  cv::Mat deep8;
  switch (decoded.depth()) {
    case CV_8U: deep8 = decoded; break;
    case CV_16U: decoded.convertTo(deep8, CV_8U, 1.0 / 257.0); break;
    case CV_32F:
    case CV_64F: decoded.convertTo(deep8, CV_8U, 255.0); break;
    default: throw Error(path + ": unsupported pixel depth; convert the image to 8-bit RGB");
  }
  cv::Mat rgb;
  switch (deep8.channels()) {
    case 1: cv::cvtColor(deep8, rgb, cv::COLOR_GRAY2RGB); break;
    case 2: {
      cv::Mat gray;
      cv::extractChannel(deep8, gray, 0);
      cv::cvtColor(gray, rgb, cv::COLOR_GRAY2RGB);
      break;
    }
    case 3: cv::cvtColor(deep8, rgb, cv::COLOR_BGR2RGB); break;
    case 4: cv::cvtColor(deep8, rgb, cv::COLOR_BGRA2RGB); break;
    default: throw Error(path + ": unsupported channel count; convert the image to 8-bit RGB");
  }
  return rgb;
}

}  // namespace

cv::Mat read_rgb8(const std::string& path) { return to_rgb8(decode(path, cv::IMREAD_COLOR | cv::IMREAD_ANYDEPTH), path); }

std::vector<std::string> rgb8_conversions(const std::string& path, const cv::Mat& rgb) {
  // IMREAD_UNCHANGED keeps the stored channels and depth and ignores EXIF orientation.
  const cv::Mat stored = decode(path, cv::IMREAD_UNCHANGED);
  std::vector<std::string> changes;
  if (stored.channels() <= 2) changes.emplace_back("grayscale, replicated to RGB");
  if (stored.channels() == 2 || stored.channels() == 4) changes.emplace_back("alpha channel dropped");
  if (stored.depth() == CV_16U) changes.emplace_back("16-bit, reduced to 8-bit");
  if (stored.depth() == CV_32F || stored.depth() == CV_64F) changes.emplace_back("floating-point, reduced to 8-bit");
  const cv::Mat upright = to_rgb8(stored, path);
  if (upright.size() != rgb.size() || cv::norm(upright, rgb, cv::NORM_INF) != 0)
    changes.emplace_back("EXIF orientation applied");
  return changes;
}

void write_rgb8(const std::string& path, const cv::Mat& rgb) {
  if (rgb.empty() || rgb.type() != CV_8UC3) throw Error(path + ": can only write 8-bit RGB images");
  const std::string ext = std::filesystem::path(path).extension().string();
  if (ext.empty()) throw Error(path + ": no file extension; add .png or .jpg");
  cv::Mat bgr;
  cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
  std::vector<uchar> bytes;
  bool ok = false;
  try {
    ok = cv::imencode(ext, bgr, bytes);
  } catch (const cv::Exception&) {
    ok = false;
  }
  if (!ok) throw Error(path + ": cannot encode '" + ext + "' images; use .png or .jpg");
  write_file_atomic(path, [&](std::ostream& out) {
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  });
}

torch::Tensor image_to_tensor(const cv::Mat& rgb, ValueRange range) {
  if (rgb.empty() || rgb.type() != CV_8UC3) throw Error("image_to_tensor: expected an 8-bit RGB image");
  const cv::Mat contiguous = rgb.isContinuous() ? rgb : rgb.clone();
  torch::Tensor t = torch::from_blob(contiguous.data, {contiguous.rows, contiguous.cols, 3}, torch::kUInt8)
                        .permute({2, 0, 1})
                        .unsqueeze(0)
                        .to(torch::kFloat32);  // copies, so the Mat may go away
  switch (range) {
    case ValueRange::ZeroOne: return t / 255.0f;
    case ValueRange::MinusOneOne: return (t / 255.0f - 0.5f) / 0.5f;
    case ValueRange::ZeroTo255: return t;
  }
  return t;
}

cv::Mat tensor_to_image(const torch::Tensor& tensor, ValueRange range, Quantize quantize) {
  torch::Tensor t = tensor.detach().to(torch::kCPU, torch::kFloat32);
  if (t.dim() == 4 && t.size(0) == 1) t = t.squeeze(0);
  if (t.dim() != 3 || t.size(0) != 3)
    throw Error("tensor_to_image: expected a 1x3xHxW or 3xHxW tensor, got " + c10::str(tensor.sizes()));
  switch (range) {
    case ValueRange::ZeroOne: t = t * 255.0f; break;
    case ValueRange::MinusOneOne: t = (t + 1.0f) / 2.0f * 255.0f; break;
    case ValueRange::ZeroTo255: break;
  }
  t = t.clamp(0.0f, 255.0f);
  if (quantize == Quantize::Round) t = t.round();
  const torch::Tensor hwc = t.to(torch::kUInt8).permute({1, 2, 0}).contiguous();  // the cast truncates
  cv::Mat out(static_cast<int>(hwc.size(0)), static_cast<int>(hwc.size(1)), CV_8UC3);
  std::memcpy(out.data, hwc.data_ptr<uint8_t>(), static_cast<size_t>(hwc.numel()));
  return out;
}

}  // namespace facesr
