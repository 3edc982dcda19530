// torchrun's environment (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR,
// MASTER_PORT): the input holds their values separated by NUL bytes, a
// missing field leaves the variable unset. Any environment either gives a
// consistent DistributedEnv or one facesr::Error.
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "training/distributed.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* const kNames[] = {"RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT"};
  const std::string text(reinterpret_cast<const char*>(data), size);
  size_t begin = 0;
  for (const char* name : kNames) {
    if (begin > text.size()) {
      ::unsetenv(name);
      continue;
    }
    const size_t end = std::min(text.find('\0', begin), text.size());
    ::setenv(name, text.substr(begin, end - begin).c_str(), 1);
    begin = end + 1;
  }
  try {
    const auto env = facesr::DistributedEnv::from_environment();
    if (env.world_size < 1 || env.rank < 0 || env.rank >= env.world_size || env.local_rank < 0) __builtin_trap();
    if (env.world_size > 1 && (env.master_addr.empty() || env.master_port < 1 || env.master_port > 65535))
      __builtin_trap();
  } catch (const facesr::Error&) {
  }
  return 0;
}
