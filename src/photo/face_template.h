// Where an aligned face's five points sit in a model's square HR frame.
#pragma once

#include "photo/five_points.h"

namespace facesr {

// How much of the head a model's frame shows: FFHQ's (as GFPGAN/facexlib
// align) or the mean framing of the UTKFace crops facesr's models train on.
enum class Framing { UtkFace, Ffhq };

// The framing a model was trained on, from its output size: FFHQ for models
// of 512 px and more (SPARNetHD), UTKFace for the rest (the 16 → 128 family,
// SCGAN's 64, the 128 restoration model).
Framing model_framing(int model_output_size);

// The five-point template of a size x size frame in `framing`, scaled with
// `size`, pixel centres kept aligned (so a model can read a face at a frame
// other than its own and keep its framing).
FivePoints face_template(int size, Framing framing);

}  // namespace facesr
