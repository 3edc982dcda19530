#include "bench/operator_observer.h"

#include <c10/util/ScopeExit.h>

namespace facesr::bench {

void observe_operators(at::RecordFunctionCallback callback, const std::function<void()>& work) {
  const auto handle = at::addThreadLocalCallback(std::move(callback));
  const auto remove = c10::make_scope_exit([handle] { at::removeCallback(handle); });
  work();
}

}  // namespace facesr::bench
