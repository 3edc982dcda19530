// Whole photos with the bundled models: small and degraded faces come out
// closer to their clean original than the plain upscale, and no face
// (16 to 128 px, clean or blurred and JPEG'd) loses more than a trace; the route taken
// follows the face's size; huge photos stay within bounded memory, with notes.
#include <gtest/gtest.h>

#include <cmath>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "inference/model_choice.h"
#include "metrics/protocol.h"
#include "models/registry.h"
#include "photo/alignment.h"
#include "photo/paste_back.h"
#include "photo/photo_restorer.h"
#include "photo/restored_photo.h"
#include "resample/pil_resize.h"
#include "synthetic_photo.h"

using namespace facesr;

namespace {

FaceUpscaler& bundled(const std::string& weights) {
  static std::map<std::string, std::unique_ptr<FaceUpscaler>> loaded;
  auto& m = loaded[weights];
  if (!m) m = std::make_unique<FaceUpscaler>(FaceUpscaler::open("", weights, torch::kCPU));
  return *m;
}

PhotoRestorer bundled_restorer(PhotoRestoreOptions options = {}) {
  return PhotoRestorer(&bundled(bundled_default_weights()), &bundled(bundled_restorer_weights()), options);
}

// A validation face as every evaluation holds it: PIL bicubic 200 -> 128.
cv::Mat clean_face(int index) {
  return pil_resize(read_rgb8(test::utkface_validation().at(static_cast<size_t>(index))), {128, 128});
}

// One face placed in a photo: its 128 frame shown at `size` px with its top-left at `at`.
struct Placed {
  cv::Mat clean;  // the 128x128 original
  int size;
  cv::Point at;
  // Canvas pixels of the photo upscaled `upscale` times -> a side x side frame of the face.
  cv::Matx23d to_frame(int upscale, int side) const {
    // Photo pixel x sits at canvas X = upscale x + (upscale - 1) / 2, and
    // frame pixel v at photo x = at + (v + 0.5) size / side - 0.5.
    const double s = static_cast<double>(side) / (size * upscale);
    const double shift = 0.5 * (upscale - 1);
    return {s, 0, s * (0.5 * upscale - upscale * at.x - shift) - 0.5,
            0, s, s * (0.5 * upscale - upscale * at.y - shift) - 0.5};
  }
};

// Validation faces (by index) in one photo at the given sizes and places,
// reduced from their clean 128 px originals with PIL bicubic, as a camera
// farther away would see them.
struct FacesInAPhoto {
  cv::Mat photo;
  std::vector<Placed> faces;
};

FacesInAPhoto faces_in_a_photo(const std::vector<int>& sizes, const std::vector<int>& indices,
                               const std::vector<cv::Point>& places) {
  FacesInAPhoto p{test::group_photo({360, 180}, {}, {}, 4).rgb, {}};
  for (size_t i = 0; i < sizes.size(); ++i) {
    Placed f{clean_face(indices[i]), sizes[i], places[i]};
    pil_resize(f.clean, {f.size, f.size}).copyTo(p.photo(cv::Rect(f.at, cv::Size(f.size, f.size))));
    p.faces.push_back(f);
  }
  return p;
}

// The face the restorer found where `f` was placed (null if none).
const RestoredFace* found_at(const RestoredPhoto& r, const Placed& f) {
  const RestoredFace* found = nullptr;
  for (const RestoredFace& rf : r.faces)
    if (cv::Rect(f.at, cv::Size(f.size, f.size)).contains(cv::Point(rf.face.detection.box.x + rf.face.detection.box.width / 2,
                                                                    rf.face.detection.box.y + rf.face.detection.box.height / 2)))
      found = &rf;
  return found;
}

// The same photo mildly blurred (σ 0.7 px) and saved as JPEG at quality 60.
cv::Mat blurred_jpeg(const cv::Mat& rgb) {
  cv::Mat blurred, decoded;
  cv::GaussianBlur(rgb, blurred, {0, 0}, 0.7);
  std::vector<uchar> bytes;
  cv::imencode(".jpg", blurred, bytes, {cv::IMWRITE_JPEG_QUALITY, 60});
  return cv::imdecode(bytes, cv::IMREAD_UNCHANGED);  // channel order is irrelevant to both codecs
}

double psnr_y(const cv::Mat& a, const cv::Mat& b) { return metrics::score_pair(a, b, metrics::Protocol::SPARNet).psnr; }

// Compared where the output shows the face (its size times the upscale, at
// most the original's 128): the restored photo, and the plain Lanczos upscale
// restore would give without a model, against the original reduced to that
// size, in the Y channel.
struct FaceScores {
  int side;
  double plain, restored;
};

FaceScores score_face(const cv::Mat& photo, const RestoredPhoto& r, const Placed& f) {
  const int side = std::min(128, f.size * r.upscale);
  const cv::Mat original = pil_resize(f.clean, {side, side});
  return {side, psnr_y(warp_to_crop(upscale_background(photo, r.upscale), f.to_frame(r.upscale, side), side), original),
          psnr_y(warp_to_crop(r.image, f.to_frame(r.upscale, side), side), original)};
}

}  // namespace

TEST(PhotoRestorer, EveryFaceComesOutCloserToItsOriginalAtEverySize) {
  // Faces 16, 32, 64 and 128 px wide in one photo.
  const FacesInAPhoto clean = faces_in_a_photo({16, 32, 64, 128}, {3, 12, 21, 30}, {{20, 80}, {60, 70}, {120, 50}, {210, 26}});
  PhotoRestoreOptions options;
  options.upscale = 2;
  options.search.upsample = 4;  // the 16 px face is about 10 px across
  const PhotoRestorer restorer = bundled_restorer(options);
  for (const bool degraded : {false, true}) {
    SCOPED_TRACE(degraded ? "blurred and JPEG'd" : "clean");
    const cv::Mat photo = degraded ? blurred_jpeg(clean.photo) : clean.photo;
    const RestoredPhoto r = restorer.restore(photo);
    ASSERT_EQ(r.upscale, 2);
    for (const Placed& f : clean.faces) {
      SCOPED_TRACE(f.size);
      // The face the restorer found here, and the route its size took.
      const RestoredFace* found = found_at(r, f);
      if (degraded && f.size == 16 && !found) {
        // Blurred, its eyes are a pixel or two apart: past what the HOG
        // detector finds, so the photo keeps its plain upscale.
        std::cout << "degraded 16 px: not found\n";
        continue;
      }
      ASSERT_NE(found, nullptr);
      EXPECT_NEAR(found->native, f.size, 0.15 * f.size) << "measured from the five points";
      EXPECT_EQ(found->route.route, found->native <= 16 * kSuperResolveReach ? Route::SuperResolve : Route::Restore);
      if (found->route.route == Route::Restore) {
        // The restoration model's 128 frame, or the face's own size rounded up to 32s.
        EXPECT_EQ(found->route.frame, std::max(128, 32 * static_cast<int>(std::ceil(found->native / 32))));
      }

      const FaceScores s = score_face(photo, r, f);
      std::cout << (degraded ? "degraded " : "clean ") << f.size << " px at " << s.side << " px: plain upscale " << s.plain
                << " dB, restored " << s.restored << " dB\n";
      if (!degraded && f.size * r.upscale > 128) {
        // The photo holds this face at least as large as its original: nothing to gain, little to lose.
        EXPECT_GT(s.restored, 30.0);
      } else if (f.size <= 32 || (degraded && f.size * r.upscale <= 128)) {
        // Small faces, and degraded ones the output shows larger: detail the model adds. A 16 px
        // face is scored at 32 px, where much of what the x8 model adds at 128 is averaged away
        // (this face, the x8 model reading the photo's own pixels: +1.97 dB with leg 4, +2.09 with
        // leg 5; resampled +0.09, which this margin fails); the next test measures it at 128.
        EXPECT_GT(s.restored, s.plain + (s.side <= 32 ? 0.5 : 0.1));
      } else {
        // A clean face at half its output size, or a degraded one at full size:
        // the bundled model is near the identity there (the README's table),
        // and must not cost what reducing the face to a model's input would.
        EXPECT_GT(s.restored, s.plain - 0.25);
      }
    }
  }
}

TEST(PhotoRestorer, SixteenPixelFacesShownAt128GainWhatTheX8ModelAdds) {
  // Four 16 px faces restored 8x: the output shows each at its original's 128 px.
  const FacesInAPhoto p = faces_in_a_photo({16, 16, 16, 16}, {3, 12, 21, 30}, {{30, 60}, {110, 90}, {190, 40}, {280, 100}});
  PhotoRestoreOptions options;
  options.upscale = 8;
  options.search.upsample = 4;
  const RestoredPhoto r = bundled_restorer(options).restore(p.photo);
  ASSERT_EQ(r.upscale, 8);
  double gain = 0;
  int scored = 0;
  for (const Placed& f : p.faces) {
    const RestoredFace* found = found_at(r, f);
    if (!found) continue;  // the HOG detector misses some faces this small
    EXPECT_EQ(found->route.route, Route::SuperResolve);
    const FaceScores s = score_face(p.photo, r, f);
    std::cout << "16 px at 128 px: plain upscale " << s.plain << " dB, restored " << s.restored << " dB\n";
    EXPECT_GT(s.restored, s.plain);
    gain += s.restored - s.plain;
    ++scored;
  }
  ASSERT_GE(scored, 2) << "faces found";
  // On aligned crops the x8 default gains 2.8 dB over bicubic (UTKFace validation);
  // found, read from the photo where the detector's points put the face and pasted back, at least half of that.
  EXPECT_GT(gain / scored, 1.4);
}

TEST(PhotoRestorer, AlignedCropsFollowTheSameRouting) {
  const PhotoRestorer restorer = bundled_restorer();
  const cv::Mat face = clean_face(5);
  const std::vector<cv::Mat> out = restorer.restore_aligned(
      {pil_resize(face, {16, 16}), pil_resize(face, {48, 48}), face, pil_resize(face, {200, 200})});
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].size(), cv::Size(128, 128));  // x8
  EXPECT_EQ(out[1].size(), cv::Size(128, 128));  // restored at the model's frame
  EXPECT_EQ(out[2].size(), cv::Size(128, 128));
  EXPECT_EQ(out[3].size(), cv::Size(200, 200));  // restored at its own size
  EXPECT_GT(psnr_y(out[1], face), psnr_y(pil_resize(pil_resize(face, {48, 48}), {128, 128}), face));
  EXPECT_GT(psnr_y(out[2], face), 30.0);
}

TEST(PhotoRestorer, HugePhotosAreSearchedReducedAndUpscaledLessWithNotes) {
  // 20 megapixels: searched on a 16-megapixel copy; a 2x output would pass the limit set here.
  cv::Mat photo(4000, 5000, CV_8UC3, cv::Scalar(120, 126, 131));
  const cv::Mat face = read_rgb8(test::utkface_validation().at(12));
  cv::Mat big, huge;
  cv::resize(face, big, {300, 300}, 0, 0, cv::INTER_CUBIC);
  cv::resize(face, huge, {800, 800}, 0, 0, cv::INTER_CUBIC);
  big.copyTo(photo(cv::Rect(600, 500, 300, 300)));
  huge.copyTo(photo(cv::Rect(2500, 1800, 800, 800)));
  PhotoRestoreOptions options;
  options.upscale = 2;
  options.max_output_pixels = 40'000'000;
  const RestoredPhoto r = bundled_restorer(options).restore(photo);
  EXPECT_EQ(r.upscale, 1);
  EXPECT_EQ(r.image.size(), photo.size());
  std::string notes;
  for (const std::string& n : r.notes) notes += n + "\n";
  EXPECT_NE(notes.find("searched on a copy reduced"), std::string::npos) << notes;
  EXPECT_NE(notes.find("upscaled 1x instead"), std::string::npos) << notes;
  EXPECT_NE(notes.find("--upscale 2 would make an output of 80 megapixels"), std::string::npos)
      << notes;
  ASSERT_EQ(r.faces.size(), 2u);
  for (const RestoredFace& f : r.faces) {
    if (f.native < 512) {
      EXPECT_EQ(f.route.route, Route::Restore);
      EXPECT_GE(f.route.frame, f.native);  // restored at its own size, not reduced
      EXPECT_EQ(f.restored.size(), cv::Size(f.route.frame, f.route.frame));
    } else {
      EXPECT_EQ(f.route.route, Route::Keep);  // larger than any frame restored
      EXPECT_TRUE(f.restored.empty());
    }
  }
}
