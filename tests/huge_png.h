// A decompression bomb for the image-size limits: a real PNG whose header
// (with a valid CRC) claims 100000 x 100000 pixels.
#pragma once

#include <cstdint>
#include <string>

#include "test_paths.h"

namespace facesr::test {

inline uint32_t png_crc32(const std::string& bytes) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char b : bytes) {
    crc ^= b;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

inline std::string huge_png() {
  std::string png = read_bytes(fixture("images/hr_00.png").string());
  const unsigned char dims[8] = {0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0};
  png.replace(16, 8, reinterpret_cast<const char*>(dims), 8);
  const uint32_t crc = png_crc32(png.substr(12, 17));  // chunk type + IHDR data
  for (int i = 0; i < 4; ++i) png[29 + i] = static_cast<char>(crc >> (24 - 8 * i));
  return png;
}

}  // namespace facesr::test
