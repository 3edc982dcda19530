// Finding faces in whole photos: UTKFace faces pasted at known places are
// found where they were put, small ones too, and nothing is found in noise.
#include <gtest/gtest.h>

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "core/error.h"
#include "photo/face_finder.h"
#include "photo/five_points.h"
#include "synthetic_photo.h"

using namespace facesr;

namespace {

const LandmarkPredictor& predictor() {
  static const LandmarkPredictor p;
  return p;
}

// The face's own five points (dlib on the 200x200 crop), carried to where it was pasted.
FivePoints placed_points(const test::PlacedFace& placed) {
  const std::vector<DetectedFace> own = predictor().detect_faces(read_rgb8(placed.file), 0);
  EXPECT_EQ(own.size(), 1u) << placed.file;
  const float s = placed.square.width / 200.f;
  FivePoints points = five_points(own.at(0).landmarks);
  for (cv::Point2f& p : points) p = (p + cv::Point2f(0.5f, 0.5f)) * s - cv::Point2f(0.5f, 0.5f) + cv::Point2f(placed.square.tl());
  return points;
}

double mean_distance(const FivePoints& a, const FivePoints& b) {
  double sum = 0;
  for (size_t i = 0; i < a.size(); ++i) sum += cv::norm(a[i] - b[i]);
  return sum / a.size();
}

// The found face whose box centre lies inside `square`, or nullptr.
const DetectedFace* face_in(const std::vector<DetectedFace>& faces, const cv::Rect& square) {
  for (const DetectedFace& f : faces) {
    const cv::Point2f c(f.box.x + f.box.width / 2, f.box.y + f.box.height / 2);
    if (cv::Rect2f(square).contains(c)) return &f;
  }
  return nullptr;
}

}  // namespace

TEST(FaceFinder, FindsEveryPastedFaceWhereItWasPut) {
  for (const double noise : {0.0, 12.0}) {
    SCOPED_TRACE(noise);
    const std::vector<cv::Rect> squares{{20, 40, 70, 70}, {130, 30, 100, 100}, {260, 100, 130, 130}};
    const test::SyntheticPhoto photo = test::group_photo({420, 260}, {3, 12, 21}, squares, noise);
    const std::vector<DetectedFace> faces = find_faces(predictor(), photo.rgb, {-1, false});
    ASSERT_EQ(faces.size(), squares.size());
    for (const test::PlacedFace& placed : photo.faces) {
      const DetectedFace* found = face_in(faces, placed.square);
      ASSERT_NE(found, nullptr) << placed.file;
      const double error = mean_distance(five_points(found->landmarks), placed_points(placed));
      // A few pixels, whatever the face's size.
      EXPECT_LT(error, 3.0) << placed.file << " at " << placed.square;
      EXPECT_EQ(align_face(photo.rgb, *found, 128, Framing::UtkFace).crop.size(), cv::Size(128, 128));
    }
  }
}

TEST(FaceFinder, AlignmentMapsAPastedFaceOntoTheCropFrame) {
  // The 128 template is UTKFace's mean framing, so a pasted UTKFace square
  // comes back as (about) the whole crop.
  const cv::Rect square(60, 50, 110, 110);
  const test::SyntheticPhoto photo = test::group_photo({240, 220}, {12}, {square}, 0);
  const std::vector<DetectedFace> faces = find_faces(predictor(), photo.rgb, {-1, false});
  ASSERT_EQ(faces.size(), 1u);
  const PhotoFace aligned = align_face(photo.rgb, faces[0], 128, Framing::UtkFace);
  const cv::Matx23d& m = aligned.to_crop;
  // The face's own size in the photo is the square it was pasted into.
  EXPECT_NEAR(native_face_size(m, 128), square.width, 0.08 * square.width);
  EXPECT_NEAR(native_face_size(align_face(photo.rgb, faces[0], 16, Framing::UtkFace).to_crop, 16), square.width,
              0.08 * square.width);
  for (const cv::Point2d corner : {cv::Point2d(square.tl()), cv::Point2d(square.br())}) {
    const cv::Point2d c((corner.x - 0.5) , (corner.y - 0.5));
    const cv::Point2d u(m(0, 0) * c.x + m(0, 1) * c.y + m(0, 2), m(1, 0) * c.x + m(1, 1) * c.y + m(1, 2));
    const cv::Point2d expected = corner == cv::Point2d(square.tl()) ? cv::Point2d(-0.5, -0.5) : cv::Point2d(127.5, 127.5);
    EXPECT_LT(cv::norm(u - expected), 0.08 * 128) << corner;  // within the per-face spread of the template
  }
}

TEST(FaceFinder, AWindowIsThePhotosOwnPixelsWhereTheAlignedCropIs) {
  // A tilted face: the window keeps the tilt and every pixel as the photo has it.
  const cv::Rect square(47, 38, 90, 90);
  test::SyntheticPhoto photo = test::group_photo({200, 170}, {21}, {square}, 6);
  cv::Mat tilted;
  cv::warpAffine(photo.rgb, tilted, cv::getRotationMatrix2D({92, 83}, 12, 1.0), photo.rgb.size(), cv::INTER_CUBIC,
                 cv::BORDER_REFLECT);
  const std::vector<DetectedFace> faces = find_faces(predictor(), tilted, {-1, false});
  ASSERT_EQ(faces.size(), 1u);
  for (const int frame : {16, 96}) {
    const PhotoFace window = window_face(tilted, faces[0], frame, Framing::UtkFace);
    const cv::Matx23d& m = window.to_crop;
    EXPECT_EQ(m(0, 0), 1.0);
    EXPECT_EQ(m(1, 1), 1.0);
    EXPECT_EQ(m(0, 1), 0.0);
    EXPECT_EQ(m(1, 0), 0.0);
    EXPECT_EQ(m(0, 2), std::round(m(0, 2)));
    EXPECT_EQ(m(1, 2), std::round(m(1, 2)));
    const cv::Rect at(static_cast<int>(-m(0, 2)), static_cast<int>(-m(1, 2)), frame, frame);
    ASSERT_EQ((at & cv::Rect({}, tilted.size())), at) << "inside the photo";
    EXPECT_EQ(cv::norm(window.crop, tilted(at), cv::NORM_INF), 0.0);
    // Centred within half a pixel where align_face's (rotated) frame is centred.
    cv::Matx23d aligned_to_photo;
    cv::invertAffineTransform(align_face(tilted, faces[0], frame, Framing::UtkFace).to_crop, aligned_to_photo);
    const double middle = 0.5 * (frame - 1);
    const cv::Point2d centre(aligned_to_photo(0, 0) * middle + aligned_to_photo(0, 1) * middle + aligned_to_photo(0, 2),
                             aligned_to_photo(1, 0) * middle + aligned_to_photo(1, 1) * middle + aligned_to_photo(1, 2));
    EXPECT_LE(std::abs(at.x + middle - centre.x), 0.5);
    EXPECT_LE(std::abs(at.y + middle - centre.y), 0.5);
  }
}

TEST(FaceFinder, SmallFacesNeedUpsampling) {
  const std::vector<cv::Rect> squares{{30, 30, 44, 44}, {110, 40, 50, 50}};
  const test::SyntheticPhoto photo = test::group_photo({200, 120}, {3, 21}, squares, 8);
  EXPECT_TRUE(find_faces(predictor(), photo.rgb, {0, false}).empty());
  const std::vector<DetectedFace> faces = find_faces(predictor(), photo.rgb, {-1, false});
  ASSERT_EQ(faces.size(), squares.size());
  for (const test::PlacedFace& placed : photo.faces) {
    const DetectedFace* found = face_in(faces, placed.square);
    ASSERT_NE(found, nullptr) << placed.file;
    EXPECT_LT(mean_distance(five_points(found->landmarks), placed_points(placed)), 3.0) << placed.file;
  }
}

TEST(FaceFinder, OnlyTheCentreFaceWhenAsked) {
  const std::vector<cv::Rect> squares{{10, 60, 100, 100}, {170, 50, 100, 100}, {330, 60, 100, 100}};
  const test::SyntheticPhoto photo = test::group_photo({440, 220}, {3, 12, 21}, squares, 0);
  const std::vector<DetectedFace> faces = find_faces(predictor(), photo.rgb, {1, true});
  ASSERT_EQ(faces.size(), 1u);
  EXPECT_NE(face_in(faces, squares[1]), nullptr);
}

TEST(FaceFinder, NothingInNoiseAndOversizedSearchesAreRefused) {
  const test::SyntheticPhoto noise = test::group_photo({300, 200}, {}, {}, 30);
  EXPECT_TRUE(find_faces(predictor(), noise.rgb, {-1, false}).empty());
  EXPECT_THROW(find_faces(predictor(), noise.rgb, {8, false}), Error);
}

TEST(FaceFinder, AutoUpsamplingKeepsTheSearchWithinFourMegapixels) {
  EXPECT_EQ(auto_detector_upsample({1920, 1080}), 0);
  EXPECT_EQ(auto_detector_upsample({640, 480}), 1);
  EXPECT_EQ(auto_detector_upsample({200, 150}), 3);
  EXPECT_EQ(auto_detector_upsample({16, 16}), 4);
  // Beyond 16 megapixels the search runs on a reduced copy.
  EXPECT_EQ(search_reduction({4000, 4000}), 1.0);
  EXPECT_NEAR(search_reduction({8000, 6000}), std::sqrt(48e6 / kMaxSearchPixels), 1e-9);
}
