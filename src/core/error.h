// facesr::Error — the one exception type facesr throws for bad input.
// Its message is a single line that names the file (or option) at fault and
// says how to fix it; the CLI prints it as-is and exits non-zero.
#pragma once

#include <stdexcept>
#include <string>

namespace facesr {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace facesr
