// Which network restores a face of a photo, and at what frame, decided from
// the face's own size in the photo: no face is fed to a model at a lower
// resolution than the photo holds it. A x8 model suits faces about its 16 px
// input; larger faces go to a restoration model at (or above) their size.
#pragma once

#include <string>

namespace facesr {

enum class Route {
  SuperResolve,  // the x8 model: the face reduced to its LR input, 8x its size out
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
// the bundled models on UTKFace validation faces (README, "Whole photos"):
// from 16 px up the restoration model at 128 scores as high or higher (at
// 20 px by 0.7 dB for a 2x output), so the x8 model keeps the faces smaller
// than its input, where nothing else adds detail.
constexpr double kSuperResolveReach = 1.0;

struct FaceRoute {
  Route route = Route::Keep;
  int frame = 0;    // side of the square crop the network reads
  std::string why;  // a note for the user: what was chosen and why
};

// The route of a face whose frame spans `native` photo pixels.
FaceRoute route_face(double native, const RoutePolicy& policy);

// "sr", "restore" or "none", for notes and file names.
const char* route_name(Route route);

}  // namespace facesr
