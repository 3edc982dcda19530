// Where `cmake --install` puts the bundled recipes and models (under the
// install prefix's share/facesr/), for a facesr whose source tree is gone.
// Defined in the build folder's generated/install_dirs.cpp
// (cmake/install_dirs.cpp.in), so changing the prefix recompiles one file.
#pragma once

namespace facesr {

const char* installed_config_dir();
const char* installed_models_dir();

}  // namespace facesr
