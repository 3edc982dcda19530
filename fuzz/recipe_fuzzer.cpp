// Recipe JSON and `--set` overrides: the input is a recipe file, optionally
// followed by a line "--set" and one override per line. Any input either
// gives a recipe or one facesr::Error.
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "fuzz_input_file.h"
#include "training/recipe.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const size_t split = text.find("\n--set\n");
  const std::string recipe_text = text.substr(0, split);
  std::vector<std::string> overrides;
  if (split != std::string::npos) {
    std::istringstream lines(text.substr(split + 7));
    for (std::string line; std::getline(lines, line);) overrides.push_back(line);
  }
  const std::string path = facesr::fuzz::write_input_file(data, recipe_text.size(), ".json");
  try {
    const auto recipe = facesr::training::load_recipe(path, overrides);
    (void)recipe.to_json().dump();
  } catch (const facesr::Error&) {
  }
  return 0;
}
