// Which network restores a face of a photo, and at what frame, decided from
// the face's own size in the photo: no face is fed to a model at a lower
// resolution than the photo holds it. A x8 model suits faces about its 16 px
// input; larger faces go to a restoration model at (or above) their size.
#pragma once

#include <string>

namespace facesr {

enum class Route {
  SuperResolve,  // the x8 model: the photo's own pixels around the face at its LR input, 8x out
  Restore,       // the restoration model at the face's frame, the same size out
  Keep,          // no model fits: the face stays the plain upscale
};

// What `--route` forces; Auto decides per face.
enum class RouteChoice { Auto, SuperResolve, Restore, Keep };

// "auto", "sr", "restore" or "none"; throws facesr::Error for another word.
RouteChoice parse_route_choice(const std::string& word);

struct RoutePolicy {
  int sr_input = 0;         // the x8 model's LR side (16); 0: no x8 model
  int restore_frame = 0;    // the restoration model's own frame (128); 0: none
  int frame_multiple = 32;  // restoration frames are multiples of this (the SPARNet family's)
  int max_frame = 512;      // larger faces are kept: memory grows with the frame's square
  RouteChoice choice = RouteChoice::Auto;
};

// Faces up to this many times the x8 model's input go to it. Measured with
// the bundled models on UTKFace validation faces (README, "Whole photos"),
// the x8 model reading the photo's own pixels: at 16 and 18 px it beats the
// restoration model by 1.2 and 0.8 dB on clean faces (2x output) and trails
// it by 0.1 and 0.5 dB on blurred, JPEG'd ones; from 20 px the restoration
// model scores as high or higher. A 16 px face measures 14.6-18 px from its
// five points, so the reach is a little past the input.
constexpr double kSuperResolveReach = 1.15;

// The x8 model reads a face up to this many times its input as a window of
// the photo's own pixels (window_face), unrotated and unscaled: resampling a
// face that small on the way in costs most of what the model adds, more than
// a face a little larger than its input or tilted does (README, "Whole
// photos"). Larger faces, sent to it only by `--route sr`, are reduced to its
// input (align_face).
constexpr double kSuperResolveWindowReach = 1.25;

struct FaceRoute {
  Route route = Route::Keep;
  int frame = 0;        // side of the square crop the network reads
  bool window = false;  // SuperResolve: the photo's own pixels, not the aligned face
  std::string why;      // a note for the user: what was chosen and why
};

// The route of a face whose frame spans `native` photo pixels.
FaceRoute route_face(double native, const RoutePolicy& policy);

// "sr", "restore" or "none", for notes and file names.
const char* route_name(Route route);

}  // namespace facesr
