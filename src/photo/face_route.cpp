#include "photo/face_route.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace facesr {

RouteChoice parse_route_choice(const std::string& word) {
  if (word == "auto") return RouteChoice::Auto;
  if (word == "sr") return RouteChoice::SuperResolve;
  if (word == "restore") return RouteChoice::Restore;
  if (word == "none") return RouteChoice::Keep;
  throw Error(fmt::format("--route {}: expected auto, sr, restore or none", word));
}

const char* route_name(Route route) {
  switch (route) {
    case Route::SuperResolve: return "sr";
    case Route::Restore: return "restore";
    case Route::Keep: return "none";
  }
  return "none";
}

FaceRoute route_face(double native, const RoutePolicy& p) {
  const bool window = native <= p.sr_input * kSuperResolveWindowReach;
  const auto super_resolve = [&](std::string why) {
    return FaceRoute{Route::SuperResolve, p.sr_input, window, std::move(why)};
  };
  const auto restore = [&](std::string why) {
    const int own = static_cast<int>(std::ceil(native / p.frame_multiple)) * p.frame_multiple;
    return FaceRoute{Route::Restore, std::clamp(own, p.restore_frame, std::max(p.restore_frame, p.max_frame)), false,
                     std::move(why)};
  };
  const auto keep = [](std::string why) { return FaceRoute{Route::Keep, 0, false, std::move(why)}; };
  switch (p.choice) {
    case RouteChoice::Keep: return keep("--route none");
    case RouteChoice::SuperResolve:
      if (p.sr_input == 0) return keep("--route sr, but no x8 model is loaded");
      return super_resolve(window ? std::string("--route sr")
                                  : fmt::format("--route sr: reduced from {:.0f} to {} px", native, p.sr_input));
    case RouteChoice::Restore:
      if (p.restore_frame == 0) return keep("--route restore, but no restoration model is loaded");
      return restore("--route restore");
    case RouteChoice::Auto: break;
  }
  if (p.sr_input > 0 && native <= p.sr_input * kSuperResolveReach)
    return super_resolve(fmt::format("no larger than the x8 model's {} px input", p.sr_input));
  if (p.restore_frame == 0)
    return keep(fmt::format("larger than the x8 model's {} px input and no restoration model is loaded, so it is "
                            "not reduced to fit",
                            p.sr_input));
  if (native > p.max_frame)
    return keep(fmt::format("larger than {} px, the largest frame facesr restores at", p.max_frame));
  return restore(p.sr_input > 0 ? fmt::format("larger than the x8 model's {} px input", p.sr_input)
                                : std::string("the restoration model"));
}

}  // namespace facesr
