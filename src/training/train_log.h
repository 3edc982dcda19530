// The JSONL log of a run: one JSON object per line ({"step": …, "kind":
// "train"|"val"|"note", "time": unix seconds, scalars…}), appended and
// flushed line by line so a killed run keeps everything it logged.
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace facesr::training {

class TrainLog {
 public:
  explicit TrainLog(const std::string& path);
  void write(const nlohmann::json& record);

 private:
  std::string path_;
  std::ofstream out_;
};

}  // namespace facesr::training
