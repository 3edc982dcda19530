#include <gtest/gtest.h>

#include "core/error.h"
#include "runtime/runtime.h"

TEST(Runtime, ThreadCountIsSetExplicitly) {
  EXPECT_EQ(facesr::configure_threads(1), 1);
  EXPECT_EQ(torch::get_num_threads(), 1);
  EXPECT_GE(facesr::configure_threads(0), 1);
  EXPECT_THROW(facesr::configure_threads(-2), facesr::Error);
}

TEST(Runtime, DeviceSelection) {
  EXPECT_EQ(facesr::select_device("cpu"), torch::Device(torch::kCPU));
  EXPECT_THROW(facesr::select_device("tpu"), facesr::Error);
  EXPECT_THROW(facesr::select_device("cuda:x"), facesr::Error);
  if (!torch::cuda::is_available()) {
    try {
      facesr::select_device("cuda");
      FAIL() << "cuda accepted without a CUDA device";
    } catch (const facesr::Error& e) {
      EXPECT_NE(std::string(e.what()).find("--device cpu"), std::string::npos);
    }
  }
}
