// Every test runs on the CPU allocator that `facesr` installs, so the whole
// suite (models, losses, training, commands) exercises it, not only its own tests.
#include <gtest/gtest.h>

#include "runtime/caching_cpu_allocator.h"

namespace {

class ProductionAllocator : public ::testing::Environment {
 public:
  void SetUp() override { facesr::install_caching_cpu_allocator(facesr::default_cpu_cache_limit()); }
};

const ::testing::Environment* const kProductionAllocator =
    ::testing::AddGlobalTestEnvironment(new ProductionAllocator);

}  // namespace
