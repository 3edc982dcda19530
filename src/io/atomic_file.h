// Writes a file so that readers never see it half-written: the bytes go to a
// temporary file beside the target, which is flushed and renamed over it.
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace facesr {

// Calls `write` with a stream on a temporary file in the target's folder, then
// renames it onto `path`. Throws facesr::Error (and removes the temporary) on
// any failure, leaving an existing `path` untouched.
void write_file_atomic(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace facesr
