#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

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

TEST(Runtime, AHelperThreadRunsItsOperatorsAloneWithoutChangingOthers) {
  facesr::configure_threads(2);
  int in_helper = 0;
  std::thread([&] {
    facesr::run_operators_on_this_thread_only();
    in_helper = torch::get_num_threads();
    torch::ones({1 << 20}).sum();  // a parallel-sized operator must not reset it
    in_helper = std::max(in_helper, torch::get_num_threads());
  }).join();
  EXPECT_EQ(in_helper, 1);
  EXPECT_EQ(torch::get_num_threads(), 2);  // the caller's
  int in_new_thread = 0;
  std::thread([&] { in_new_thread = torch::get_num_threads(); }).join();
  EXPECT_EQ(in_new_thread, 2);  // the process default
}
