// The fuzz input as a file: facesr's readers take paths, as users give them,
// so each harness writes the bytes to one scratch file per process and hands
// over its name.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace facesr::fuzz {

inline std::string write_input_file(const uint8_t* data, size_t size, const std::string& suffix) {
  // /dev/shm keeps millions of rewrites off the disk.
  const char* dir = ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  const std::string path = std::string(dir) + "/facesr-fuzz-" + std::to_string(::getpid()) + suffix;
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (!file) throw std::runtime_error("cannot write the scratch file " + path);
  if (size > 0) std::fwrite(data, 1, size, file);
  std::fclose(file);
  return path;
}

}  // namespace facesr::fuzz
