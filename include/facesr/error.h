// facesr::Error, the one exception type facesr throws. It is defined once, in
// src/core/error.h, which `cmake --install` puts here in this file's place.
#pragma once

#include "core/error.h"
