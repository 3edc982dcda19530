// `facesr inspect FILE`: what a checkpoint or image holds, after the same
// validation every other command applies to it.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>

#include "commands/commands.h"
#include "io/image.h"
#include "io/safetensors.h"

namespace facesr::cli {

namespace {

void inspect_safetensors(const std::string& path) {
  const auto file = safetensors::File::open(path);
  uint64_t bytes = 0;
  for (const auto& e : file.entries()) bytes += e.end - e.begin;
  fmt::print("{}: safetensors, {} tensors, {:.1f} MB of data\n", path, file.entries().size(), bytes / 1e6);
  for (const auto& [k, v] : file.metadata()) fmt::print("  meta {} = {}\n", k, v);
  for (const auto& e : file.entries()) fmt::print("  {:<60} {:<5} {}\n", e.name, e.dtype, e.shape);
}

void inspect_image(const std::string& path) {
  const cv::Mat rgb = read_rgb8(path);
  fmt::print("{}: image {}x{} (width x height), read as 8-bit RGB\n", path, rgb.cols, rgb.rows);
}

}  // namespace

void add_inspect_command(CLI::App& app, const GlobalOptions&) {
  auto* cmd = app.add_subcommand("inspect", "Validate and describe a .safetensors checkpoint or an image file");
  auto path = std::make_shared<std::string>();
  cmd->add_option("file", *path, "A .safetensors file or an image")->required();
  cmd->callback([path] {
    if (std::filesystem::path(*path).extension() == ".safetensors")
      inspect_safetensors(*path);
    else
      inspect_image(*path);
  });
}

}  // namespace facesr::cli
