// The shared mechanism of the FLOP counter and the operator profile: a
// thread-local RecordFunction callback installed around one piece of work.
#pragma once

#include <ATen/record_function.h>

#include <functional>

namespace facesr::bench {

// Runs `work` on this thread with `callback` seeing the operators it
// dispatches, and removes the callback however `work` ends.
void observe_operators(at::RecordFunctionCallback callback, const std::function<void()>& work);

}  // namespace facesr::bench
