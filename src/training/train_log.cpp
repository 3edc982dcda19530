#include "training/train_log.h"

#include <fmt/format.h>

#include <chrono>

#include "core/error.h"

namespace facesr::training {

TrainLog::TrainLog(const std::string& path) : path_(path), out_(path, std::ios::app) {
  if (!out_) throw Error(fmt::format("{}: cannot open the training log for writing; check the -o folder", path));
}

void TrainLog::write(const nlohmann::json& record) {
  nlohmann::json stamped = record;
  // Wall-clock seconds, so that the CPU time of each leg of a model can be told (training_curves.h).
  stamped["time"] = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  out_ << stamped.dump() << '\n';
  out_.flush();
  if (!out_) throw Error(fmt::format("{}: writing the training log failed (disk full?)", path_));
}

}  // namespace facesr::training
