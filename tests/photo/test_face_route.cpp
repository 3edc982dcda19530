// Routing faces by their size: the x8 model only near its input size, the
// restoration model at (or above) the face's own size, the plain upscale
// where no model fits, and --route forcing one way with a note.
#include <gtest/gtest.h>

#include "core/error.h"
#include "photo/face_route.h"

using namespace facesr;

namespace {

RoutePolicy both() {
  RoutePolicy p;
  p.sr_input = 16;
  p.restore_frame = 128;
  return p;
}

}  // namespace

TEST(FaceRoute, SmallFacesGoToTheX8ModelAndLargerOnesAreRestoredAtTheirOwnSize) {
  const RoutePolicy p = both();
  for (const double native : {6.0, 16.0, 16.0 * kSuperResolveReach}) {
    const FaceRoute r = route_face(native, p);
    EXPECT_EQ(r.route, Route::SuperResolve) << native;
    EXPECT_EQ(r.frame, 16) << native;
    EXPECT_TRUE(r.window) << native << ": the photo's own pixels";
  }
  // Never fed at less than the photo holds: the frame is at least the face.
  for (const double native : {16.0 * kSuperResolveReach + 0.5, 32.0, 64.0, 127.0, 128.0}) {
    const FaceRoute r = route_face(native, p);
    EXPECT_EQ(r.route, Route::Restore) << native;
    EXPECT_EQ(r.frame, 128) << native;
  }
  EXPECT_EQ(route_face(128.5, p).frame, 160);
  EXPECT_EQ(route_face(200, p).frame, 224);
  EXPECT_EQ(route_face(512, p).frame, 512);
  for (const double native : {129.0, 200.0, 300.0, 511.0}) {
    const FaceRoute r = route_face(native, p);
    EXPECT_GE(r.frame, native);
    EXPECT_EQ(r.frame % p.frame_multiple, 0);
  }
}

TEST(FaceRoute, FacesNoModelFitsAreKeptWithTheReason) {
  const FaceRoute huge = route_face(900, both());
  EXPECT_EQ(huge.route, Route::Keep);
  EXPECT_NE(huge.why.find("512"), std::string::npos) << huge.why;
  // Without a restoration model a 60 px face is not squeezed into 16 px.
  RoutePolicy sr_only = both();
  sr_only.restore_frame = 0;
  const FaceRoute kept = route_face(60, sr_only);
  EXPECT_EQ(kept.route, Route::Keep);
  EXPECT_NE(kept.why.find("not reduced"), std::string::npos) << kept.why;
  // Without a x8 model the smallest faces go to the restorer at its frame.
  RoutePolicy restore_only = both();
  restore_only.sr_input = 0;
  EXPECT_EQ(route_face(12, restore_only).route, Route::Restore);
  EXPECT_EQ(route_face(12, restore_only).frame, 128);
}

TEST(FaceRoute, RouteOptionForcesOneWay) {
  RoutePolicy p = both();
  p.choice = parse_route_choice("sr");
  const FaceRoute reduced = route_face(64, p);
  EXPECT_EQ(reduced.route, Route::SuperResolve);
  EXPECT_NE(reduced.why.find("reduced from 64 to 16 px"), std::string::npos) << reduced.why;
  EXPECT_FALSE(reduced.window);
  // A little larger than the input: read as a window of the photo, not reduced.
  const FaceRoute window = route_face(16 * kSuperResolveWindowReach, p);
  EXPECT_TRUE(window.window);
  EXPECT_EQ(window.why, "--route sr");
  EXPECT_FALSE(route_face(16 * kSuperResolveWindowReach + 0.5, p).window);
  p.choice = parse_route_choice("restore");
  EXPECT_EQ(route_face(10, p).route, Route::Restore);
  EXPECT_EQ(route_face(10, p).frame, 128);
  p.choice = parse_route_choice("none");
  EXPECT_EQ(route_face(64, p).route, Route::Keep);
  p.choice = parse_route_choice("auto");
  EXPECT_EQ(route_face(64, p).route, Route::Restore);
  EXPECT_THROW(parse_route_choice("fast"), Error);
  EXPECT_STREQ(route_name(Route::SuperResolve), "sr");
  EXPECT_STREQ(route_name(Route::Keep), "none");
}
