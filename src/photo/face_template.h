// Where an aligned face's five points sit in a model's square HR frame.
#pragma once

#include "photo/five_points.h"

namespace facesr {

// The five-point template of a size x size frame. Models of 512 px and more
// (SPARNetHD, trained on FFHQ) get the FFHQ template GFPGAN/facexlib align
// with; smaller ones (the 16 → 128 family, SCGAN's 64) get the mean framing
// of the UTKFace crops our models are trained on. Both scale with `size`,
// pixel centres kept aligned.
FivePoints face_template(int size);

}  // namespace facesr
