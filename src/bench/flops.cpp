#include "bench/flops.h"

#include <ATen/record_function.h>
#include <c10/util/ScopeExit.h>

#include <cstring>

#include "bench/operator_observer.h"
#include "core/error.h"

namespace facesr::bench {

namespace {

thread_local MacCount* active = nullptr;
thread_local int depth = 0;  // counted operators now running on this thread

enum class Kind { Conv, TransposedConv, Product };

// What the start of a counted operator knows; the end adds the output size.
//  - convolution: every output element of an ordinary convolution costs
//    Cin/groups × kernel taps, so (N × output positions) × weight.numel() in
//    all; a transposed one spreads every input element over Cout/groups ×
//    taps, so (N × input positions) × weight.numel();
//  - matrix product: every output element costs the contracted length k.
struct Context : at::ObserverContext {
  Kind kind = Kind::Product;
  int64_t per_element = 0;  // weight.numel() for convolutions, k for products
  int64_t input_positions = 0;
  bool counted = false;  // false when nested in another counted operator
};

int64_t positions(const at::Tensor& t) { return t.numel() / t.size(1); }

// Index of the operand whose last dimension is contracted, or -1 if `name`
// is not a matrix product we count.
int product_operand(const char* name) {
  for (const char* op : {"aten::linear", "aten::matmul", "aten::mm", "aten::bmm", "aten::mv"})
    if (std::strcmp(name, op) == 0) return 0;
  for (const char* op : {"aten::addmm", "aten::baddbmm", "aten::addmv"})
    if (std::strcmp(name, op) == 0) return 1;
  return -1;
}

std::unique_ptr<at::ObserverContext> on_start(const at::RecordFunction& fn) {
  if (!active) return nullptr;
  const char* name = fn.name();
  const auto inputs = fn.inputs();
  auto ctx = std::make_unique<Context>();
  if (std::strcmp(name, "aten::convolution") == 0 && inputs.size() >= 7) {
    ctx->kind = inputs[6].toBool() ? Kind::TransposedConv : Kind::Conv;
    ctx->per_element = inputs[1].toTensor().numel();
    ctx->input_positions = positions(inputs[0].toTensor());
  } else if (const int operand = product_operand(name);
             operand >= 0 && static_cast<int>(inputs.size()) > operand + 1) {
    ctx->per_element = inputs[static_cast<size_t>(operand)].toTensor().size(-1);
  } else {
    return nullptr;
  }
  ctx->counted = depth++ == 0;
  return ctx;
}

void on_end(const at::RecordFunction& fn, at::ObserverContext* context) {
  auto* ctx = static_cast<Context*>(context);
  if (!ctx || !active) return;
  --depth;
  if (!ctx->counted) return;
  if (ctx->kind == Kind::TransposedConv) {
    active->conv += ctx->input_positions * ctx->per_element;
    return;
  }
  const auto& outputs = fn.outputs();
  if (outputs.empty() || !outputs[0].isTensor())
    throw Error(std::string("FLOP counter: ") + fn.name() +
                " reported no output tensor; this LibTorch is not supported");
  const at::Tensor& out = outputs[0].toTensor();
  if (ctx->kind == Kind::Conv)
    active->conv += positions(out) * ctx->per_element;
  else
    active->matmul += out.numel() * ctx->per_element;
}

}  // namespace

MacCount count_macs(const std::function<void()>& work) {
  if (active) throw Error("count_macs: already counting on this thread");
  MacCount count;
  active = &count;
  depth = 0;
  const auto done = c10::make_scope_exit([] { active = nullptr; });
  observe_operators(at::RecordFunctionCallback(on_start, on_end).needsInputs(true).needsOutputs(true), work);
  return count;
}

}  // namespace facesr::bench
