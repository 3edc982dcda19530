// What the `facesr train` tests share: a small face folder, a small model and
// the run's log.
#pragma once

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "io/image_files.h"
#include "test_paths.h"

namespace facesr::test {

// The first `n` UTKFace faces, linked into a folder of their own.
inline std::string face_folder(const ScratchDir& dir, size_t n) {
  namespace fs = std::filesystem;
  const fs::path folder = dir.path() / "faces";
  fs::create_directories(folder);
  const auto files = list_images(shared_dir() / "data" / "utkface");
  for (size_t i = 0; i < n && i < files.size(); ++i) fs::create_symlink(files[i], folder / files[i].filename());
  return folder.string();
}

// The records of `run`/log.jsonl of one kind ("train", "val", "note").
inline std::vector<nlohmann::json> log_records(const std::string& run, const std::string& kind) {
  std::vector<nlohmann::json> out;
  std::ifstream in(run + "/log.jsonl");
  for (std::string line; std::getline(in, line);) {
    // A run killed mid-write may leave a partial last line; it is not a record.
    const auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_object() && j.value("kind", "") == kind) out.push_back(j);
  }
  return out;
}

// A deliberately small SPARNet so the runs stay short on two cores, as
// separate arguments (no shell quoting).
inline std::vector<std::string> tiny_sparnet_settings() {
  return {"--set", R"(model_options={"min_ch":8,"max_ch":16,"res_depth":1})",
          "--set", "batch_size=4", "--set", "val_count=8", "--set", "workers=1", "--set", "log_every=5"};
}

// The same for run_cli's shell command line.
inline std::string tiny_sparnet_shell_settings() {
  std::string out;
  for (const auto& word : tiny_sparnet_settings()) out += " '" + word + "'";
  return out;
}

}  // namespace facesr::test
