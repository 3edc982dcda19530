#include "bench/op_profile.h"

#include <ATen/record_function.h>
#include <c10/util/ScopeExit.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>

#include "bench/operator_observer.h"
#include "core/error.h"

namespace facesr::bench {

namespace {

using Clock = std::chrono::steady_clock;

thread_local std::map<std::string, OperatorTime>* active = nullptr;
thread_local int depth = 0;  // operators now running on this thread

struct Context : at::ObserverContext {
  Clock::time_point start;
  bool top_level = false;
};

std::unique_ptr<at::ObserverContext> on_start(const at::RecordFunction&) {
  if (!active) return nullptr;
  auto ctx = std::make_unique<Context>();
  ctx->top_level = depth++ == 0;
  ctx->start = Clock::now();
  return ctx;
}

void on_end(const at::RecordFunction& fn, at::ObserverContext* context) {
  auto* ctx = static_cast<Context*>(context);
  if (!ctx || !active) return;
  --depth;
  if (!ctx->top_level) return;
  OperatorTime& entry = (*active)[fn.name()];
  entry.name = fn.name();
  entry.calls += 1;
  entry.seconds += std::chrono::duration<double>(Clock::now() - ctx->start).count();
}

}  // namespace

std::vector<OperatorTime> profile_operators(const std::function<void()>& work) {
  if (active) throw Error("profile_operators: already profiling on this thread");
  std::map<std::string, OperatorTime> totals;
  active = &totals;
  depth = 0;
  {
    const auto done = c10::make_scope_exit([] { active = nullptr; });
    observe_operators(at::RecordFunctionCallback(on_start, on_end).scopes({at::RecordScope::FUNCTION}), work);
  }
  std::vector<OperatorTime> sorted;
  for (auto& [name, entry] : totals) sorted.push_back(entry);
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.seconds > b.seconds; });
  return sorted;
}

}  // namespace facesr::bench
