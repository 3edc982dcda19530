#include "identity/face_recognition_net.h"

#include <fmt/format.h>

#include <filesystem>

#include "core/error.h"
#include "weights/state_dict.h"

namespace facesr {

FaceRecognitionNetImpl::FaceRecognitionNetImpl() {
  conv32_down = register_module("conv32_down", ScaledConv(ScaledConvOptions(3, 32).kernel_size(7).stride(2)));
  conv32_1 = register_module("conv32_1", RecognitionResidual(32, 32, false));
  conv32_2 = register_module("conv32_2", RecognitionResidual(32, 32, false));
  conv32_3 = register_module("conv32_3", RecognitionResidual(32, 32, false));
  conv64_down = register_module("conv64_down", RecognitionResidual(32, 64, true));
  conv64_1 = register_module("conv64_1", RecognitionResidual(64, 64, false));
  conv64_2 = register_module("conv64_2", RecognitionResidual(64, 64, false));
  conv64_3 = register_module("conv64_3", RecognitionResidual(64, 64, false));
  conv128_down = register_module("conv128_down", RecognitionResidual(64, 128, true));
  conv128_1 = register_module("conv128_1", RecognitionResidual(128, 128, false));
  conv128_2 = register_module("conv128_2", RecognitionResidual(128, 128, false));
  conv256_down = register_module("conv256_down", RecognitionResidual(128, 256, true));
  conv256_1 = register_module("conv256_1", RecognitionResidual(256, 256, false));
  conv256_2 = register_module("conv256_2", RecognitionResidual(256, 256, false));
  conv256_down_out = register_module("conv256_down_out", RecognitionResidual(256, 256, true));
  fc = register_module("fc", torch::nn::Linear(torch::nn::LinearOptions(256, kDescriptorSize).bias(false)));
}

torch::Tensor FaceRecognitionNetImpl::forward(const torch::Tensor& x) {
  torch::Tensor out = torch::max_pool2d(conv32_down(x), 3, 2);  // 150 → 72 → 35
  out = conv32_3(conv32_2(conv32_1(out)));
  out = conv64_3(conv64_2(conv64_1(conv64_down(out))));  // 17
  out = conv128_2(conv128_1(conv128_down(out)));          // 8
  out = conv256_2(conv256_1(conv256_down(out)));          // 4 (3 padded)
  out = conv256_down_out(out);                            // 2 (1 padded)
  return fc(out.mean({2, 3}));
}

FaceRecognitionNet load_face_recognition_net(const std::string& weights, torch::Device device) {
  if (!std::filesystem::exists(weights))
    throw Error(fmt::format(
        "{}: face-recognition weights not found; make them with `bash scripts/make_face_recognition_weights.sh` "
        "(scripts/setup.sh runs it: it converts dlib's network from the @vladmandic/face-api npm package with "
        "tools/convert_face_recognition.js)",
        weights));
  FaceRecognitionNet net;
  load_weights(*net, weights);
  net->eval();
  for (auto& p : net->parameters()) p.set_requires_grad(false);
  net->to(device);
  return net;
}

}  // namespace facesr
