#include "onednn/primitive.h"

#ifdef FACESR_ONEDNN

#include <algorithm>
#include <unordered_map>
#include <utility>

namespace facesr {

std::map<int, OneDnnOperand> run_onednn(const OneDnnPrimitive& primitive, const std::vector<OneDnnOperand>& inputs,
                                        const std::vector<OneDnnOperand>& outputs,
                                        std::vector<OneDnnReordered>& reordered) {
  using dnnl::memory;
  dnnl::engine& engine = onednn_cpu_engine();
  dnnl::stream stream(engine);
  std::unordered_map<int, memory> args;
  std::map<int, OneDnnOperand> as_read;
  std::vector<torch::Tensor> output_buffers;
  std::vector<std::pair<memory, memory>> copy_back;  // primitive's output → user's
  const auto buffer = [](const memory::desc& layout, const torch::Tensor& like) {
    return torch::empty({static_cast<int64_t>(layout.get_size() / sizeof(float))}, like.options());
  };
  for (const OneDnnOperand& in : inputs) {
    const memory::desc& want = primitive.layouts.at(in.arg);
    OneDnnOperand read = in;
    if (want != in.user) {
      const auto found = std::find_if(reordered.begin(), reordered.end(), [&](const OneDnnReordered& r) {
        return r.data == in.tensor.data_ptr() && r.layout == want;
      });
      if (found != reordered.end()) {
        read = found->copy;
      } else {
        read = {in.arg, buffer(want, in.tensor), want};
        memory user(in.user, engine, in.tensor.data_ptr()), mine(want, engine, read.tensor.data_ptr());
        dnnl::reorder(user, mine).execute(stream, user, mine);
        reordered.push_back({in.tensor.data_ptr(), want, read});
      }
    }
    args.emplace(in.arg, memory(read.user, engine, read.tensor.data_ptr()));
    as_read.emplace(in.arg, read);
  }
  for (const OneDnnOperand& out : outputs) {
    const memory::desc& want = primitive.layouts.at(out.arg);
    memory user(out.user, engine, out.tensor.data_ptr());
    if (want == out.user) {
      args.emplace(out.arg, user);
      continue;
    }
    output_buffers.push_back(buffer(want, out.tensor));
    memory mine(want, engine, output_buffers.back().data_ptr());
    copy_back.emplace_back(mine, user);
    args.emplace(out.arg, mine);
  }
  primitive.primitive.execute(stream, args);
  for (auto& [mine, user] : copy_back) dnnl::reorder(mine, user).execute(stream, mine, user);
  stream.wait();
  return as_read;
}

}  // namespace facesr

#endif
