#include "models/layers/reflect_pad.h"

#include <ATen/Parallel.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "core/error.h"

namespace facesr {

namespace {

using Index = std::vector<int64_t>;

// Source index, in the un-upsampled input of size `n`, of every output index
// along one axis: reflect in the upsampled axis (size n·upscale), then divide.
Index source_indices(int64_t n, int64_t pad, int64_t upscale) {
  const int64_t up = n * upscale;
  Index index(up + 2 * pad);
  for (int64_t i = 0; i < static_cast<int64_t>(index.size()); ++i) {
    int64_t u = i - pad;
    if (u < 0) u = -u;
    if (u >= up) u = 2 * (up - 1) - u;
    index[i] = u / upscale;
  }
  return index;
}

// For every source row, the output rows copied from it (the backward pass
// sums them; one thread per source row, so no two threads add to one place).
std::vector<Index> inverse(const Index& index, int64_t n) {
  std::vector<Index> sources(n);
  for (int64_t i = 0; i < static_cast<int64_t>(index.size()); ++i) sources[index[i]].push_back(i);
  return sources;
}

bool is_nhwc(const torch::Tensor& x) { return x.size(1) > 1 && x.is_contiguous(torch::MemoryFormat::ChannelsLast); }

torch::MemoryFormat format_of(bool nhwc) {
  return nhwc ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous;
}

// NCHW: one output row per (plane, row), a gather of the row's elements,
// moved as same-sized integers so any dtype works.
template <typename Bits>
void gather_planes(const void* src, void* dst, int64_t planes, int64_t h, int64_t w, const Index& rows,
                   const Index& cols) {
  const int64_t ho = rows.size(), wo = cols.size();
  const auto* in = static_cast<const Bits*>(src);
  auto* out = static_cast<Bits*>(dst);
  at::parallel_for(0, planes * ho, 16, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const Bits* in_row = in + ((r / ho) * h + rows[r % ho]) * w;
      Bits* out_row = out + r * wo;
      for (int64_t j = 0; j < wo; ++j) out_row[j] = in_row[cols[j]];
    }
  });
}

// out[n, c, i, j] = x[n, c, rows[i], cols[j]] in x's memory format.
torch::Tensor gather(const torch::Tensor& x, const Index& rows, const Index& cols) {
  const bool nhwc = is_nhwc(x);
  const torch::Tensor in = x.contiguous(format_of(nhwc));
  const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
  const int64_t ho = rows.size(), wo = cols.size();
  torch::Tensor out = torch::empty({n, c, ho, wo}, x.options().memory_format(format_of(nhwc)));
  const int64_t elem = in.element_size();
  const auto* src = static_cast<const char*>(in.data_ptr());
  auto* dst = static_cast<char*>(out.data_ptr());
  if (nhwc) {  // one output row = wo channel vectors, each a contiguous copy
    const int64_t pixel = c * elem;
    at::parallel_for(0, n * ho, 1, [&](int64_t begin, int64_t end) {
      for (int64_t r = begin; r < end; ++r) {
        const char* in_row = src + ((r / ho) * h + rows[r % ho]) * w * pixel;
        char* out_row = dst + r * wo * pixel;
        for (int64_t j = 0; j < wo; ++j) std::memcpy(out_row + j * pixel, in_row + cols[j] * pixel, pixel);
      }
    });
    return out;
  }
  switch (elem) {
    case 1: gather_planes<uint8_t>(src, dst, n * c, h, w, rows, cols); break;
    case 2: gather_planes<uint16_t>(src, dst, n * c, h, w, rows, cols); break;
    case 4: gather_planes<uint32_t>(src, dst, n * c, h, w, rows, cols); break;
    case 8: gather_planes<uint64_t>(src, dst, n * c, h, w, rows, cols); break;
    default: throw Error("upsample_reflect_pad: unsupported element size");
  }
  return out;
}

// x[k] += Σ_u g[k·upscale + u], with the common scales spelled out so that
// the loops vectorise.
template <typename T>
void add_interior(T* __restrict x, const T* __restrict g, int64_t w, int64_t upscale) {
  if (upscale == 1) {
    for (int64_t k = 0; k < w; ++k) x[k] += g[k];
  } else if (upscale == 2) {
    for (int64_t k = 0; k < w; ++k) x[k] += g[2 * k] + g[2 * k + 1];
  } else {
    for (int64_t k = 0; k < w; ++k)
      for (int64_t u = 0; u < upscale; ++u) x[k] += g[k * upscale + u];
  }
}

// The gradient of gather: grad_x[.., y, x] = Σ grad[.., i, j] over rows[i] = y, cols[j] = x.
template <typename T>
torch::Tensor scatter_add(const torch::Tensor& grad_out, const Index& rows, const Index& cols, int64_t h, int64_t w,
                          int64_t upscale) {
  const bool nhwc = is_nhwc(grad_out);
  const torch::Tensor g = grad_out.contiguous(format_of(nhwc));
  const int64_t n = g.size(0), c = g.size(1), wo = cols.size(), ho = rows.size();
  // at::zeros drops the memory format of its options; at::empty keeps it.
  torch::Tensor grad_x = torch::empty({n, c, h, w}, g.options().memory_format(format_of(nhwc))).zero_();
  const std::vector<Index> from_rows = inverse(rows, h);
  const T* in = g.data_ptr<T>();
  T* out = grad_x.data_ptr<T>();
  if (nhwc) {
    at::parallel_for(0, n * h, 1, [&](int64_t begin, int64_t end) {
      for (int64_t r = begin; r < end; ++r) {
        T* x_row = out + r * w * c;
        for (int64_t i : from_rows[r % h]) {
          const T* g_row = in + ((r / h) * ho + i) * wo * c;
          for (int64_t j = 0; j < wo; ++j) {
            T* x_pixel = x_row + cols[j] * c;
            const T* g_pixel = g_row + j * c;
            for (int64_t k = 0; k < c; ++k) x_pixel[k] += g_pixel[k];
          }
        }
      }
    });
  } else {
    // The interior of an output row is `upscale` copies of each input element
    // in turn (a loop the compiler vectorises); only the reflected borders
    // need the index table.
    const int64_t pad = (wo - upscale * w) / 2;
    at::parallel_for(0, n * c * h, 16, [&](int64_t begin, int64_t end) {
      for (int64_t r = begin; r < end; ++r) {
        T* x_row = out + r * w;
        for (int64_t i : from_rows[r % h]) {
          const T* g_row = in + ((r / h) * ho + i) * wo;
          add_interior(x_row, g_row + pad, w, upscale);
          for (int64_t j = 0; j < pad; ++j) {
            x_row[cols[j]] += g_row[j];
            x_row[cols[wo - 1 - j]] += g_row[wo - 1 - j];
          }
        }
      }
    });
  }
  return grad_x;
}

struct UpsampleReflectPad : torch::autograd::Function<UpsampleReflectPad> {
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x, int64_t pad,
                               int64_t upscale) {
    ctx->saved_data["pad"] = pad;
    ctx->saved_data["upscale"] = upscale;
    ctx->saved_data["h"] = x.size(2);
    ctx->saved_data["w"] = x.size(3);
    return gather(x, source_indices(x.size(2), pad, upscale), source_indices(x.size(3), pad, upscale));
  }

  static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx,
                                               torch::autograd::tensor_list grads) {
    const int64_t pad = ctx->saved_data["pad"].toInt(), upscale = ctx->saved_data["upscale"].toInt();
    const int64_t h = ctx->saved_data["h"].toInt(), w = ctx->saved_data["w"].toInt();
    const Index rows = source_indices(h, pad, upscale), cols = source_indices(w, pad, upscale);
    const torch::Tensor& g = grads[0];
    torch::Tensor grad_x = g.scalar_type() == torch::kDouble ? scatter_add<double>(g, rows, cols, h, w, upscale)
                                                             : scatter_add<float>(g, rows, cols, h, w, upscale);
    return {grad_x, torch::Tensor(), torch::Tensor()};
  }
};

torch::Tensor reference(const torch::Tensor& x, int64_t pad, int64_t upscale) {
  namespace F = torch::nn::functional;
  torch::Tensor out = x;
  if (upscale != 1)
    out = F::interpolate(out, F::InterpolateFuncOptions()
                                  .scale_factor(std::vector<double>{double(upscale), double(upscale)})
                                  .mode(torch::kNearest));
  return pad > 0 ? torch::reflection_pad2d(out, {pad, pad, pad, pad}) : out;
}

}  // namespace

torch::Tensor upsample_reflect_pad(const torch::Tensor& x, int64_t pad, int64_t upscale) {
  if (x.dim() != 4 || upscale < 1 || pad < 0) throw Error("upsample_reflect_pad: needs an N×C×H×W tensor");
  if (pad >= x.size(2) * upscale || pad >= x.size(3) * upscale)
    throw Error("upsample_reflect_pad: the padding must be smaller than the (upsampled) image");
  if (pad == 0 && upscale == 1) return x;
  if (!x.device().is_cpu()) return reference(x, pad, upscale);
  if (torch::GradMode::is_enabled() && x.requires_grad()) {
    const bool differentiable = x.scalar_type() == torch::kFloat || x.scalar_type() == torch::kDouble;
    return differentiable ? UpsampleReflectPad::apply(x, pad, upscale) : reference(x, pad, upscale);
  }
  return gather(x, source_indices(x.size(2), pad, upscale), source_indices(x.size(3), pad, upscale));
}

}  // namespace facesr
