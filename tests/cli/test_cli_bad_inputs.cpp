// The catalogue of bad inputs (docs/bad-inputs.md): every file, option, folder
// and environment mistake tried on facesr, run as a user would. Each gives a
// non-zero exit and one error line, its last on stderr, saying what is wrong
// and how to fix it; none crashes. The test also keeps the catalogue and
// docs/bad-inputs.md in step: every case is a row there.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cli_runner.h"
#include "huge_png.h"

using namespace facesr::test;
namespace fs = std::filesystem;

namespace {

struct BadInput {
  std::string name;  // the row in docs/bad-inputs.md
  std::string args;  // after the binary; $D is the scratch folder, $F the fixture images, $M models/
  std::string says;  // part of the error line
  std::string env = "";  // VAR=value ... set for this case only
};

// The scratch files the cases read, made once per process (and removed at its exit).
const fs::path& scratch() {
  struct Folder {
    fs::path path = fs::temp_directory_path() / ("facesr_bad_inputs_" + std::to_string(::getpid()));
    ~Folder() {
      std::error_code ignored;
      fs::remove_all(path, ignored);
    }
  };
  static const Folder folder;
  static const fs::path dir = [] {
    const fs::path d = folder.path;
    fs::create_directories(d / "empty");
    fs::create_directories(d / "text_only");
    fs::create_directories(d / "few");
    std::ofstream(d / "text_only/readme.txt") << "notes";
    std::ofstream(d / "text.png") << "not an image";
    std::ofstream(d / "empty.png");
    std::ofstream(d / "bad.json") << "{bad json";
    std::ofstream(d / "unknown_key.json") << R"({"model": "sparnet", "nonsense_key": 1})";
    std::ofstream(d / "garbage.safetensors") << "garbage garbage garbage";
    for (int i = 0; i < 30; ++i) fs::copy_file(fixture("images/hr_00.png"), d / "few" / (std::to_string(i) + ".png"));
    const std::string png = read_bytes(fixture("images/hr_00.png").string());
    write_bytes((d / "truncated.png").string(), png.substr(0, 300));
    write_bytes((d / "bomb.png").string(), huge_png());
    const std::string weights =
        read_bytes((fs::path(FACESR_SOURCE_DIR) / "models/sparnet-tiny-utkface.safetensors").string());
    write_bytes((d / "truncated.safetensors").string(), weights.substr(0, 1000));
    return d;
  }();
  return dir;
}

std::string expand(std::string args) {
  const std::pair<std::string, std::string> vars[] = {
      {"$D", scratch().string()},
      {"$F", fixture("images").string()},
      {"$M", (fs::path(FACESR_SOURCE_DIR) / "models").string()}};
  for (const auto& [var, value] : vars)
    for (size_t at; (at = args.find(var)) != std::string::npos;) args.replace(at, var.size(), value);
  return args;
}

const std::vector<BadInput>& catalogue() {
  static const std::vector<BadInput> cases = {
      // Images.
      {"image that is a text file", "upscale -i $D/text.png -o $D/out", "text.png: not a readable image"},
      {"empty image file", "upscale -i $D/empty.png -o $D/out", "empty.png: file is empty; re-export the image"},
      {"truncated PNG", "upscale -i $D/truncated.png -o $D/out", "truncated.png: not a readable image"},
      {"decompression bomb (PNG header of 100000x100000)", "upscale -i $D/bomb.png -o $D/out",
       "bomb.png: image is larger than 268 megapixels"},
      {"unreadable photo", "restore -i $D/text.png -o $D/out", "text.png: not a readable image"},
      // Input and output folders.
      {"missing input", "upscale -i $D/nowhere.png -o $D/out", "nowhere.png: no such file or folder; check the path"},
      {"empty input folder", "upscale -i $D/empty -o $D/out", "empty: folder has no images"},
      {"folder without images", "upscale -i $D/text_only -o $D/out", "text_only: folder has no images"},
      {"output folder is a file", "upscale -i $F/lr16_00.png -o $D/text.png", "text.png: exists and is not a folder"},
      {"unknown output format", "upscale -i $F/lr16_00.png -o $D/out --ext xyz", "cannot encode '.xyz' images"},
      {"eval report folder is a file", "eval --hr $D/few --limit 1 --report $D/text.png",
       "text.png: exists and is not a folder"},
      // Weights.
      {"missing weights file", "upscale -w $D/nowhere.safetensors -i $F/lr16_00.png -o $D/out",
       "nowhere.safetensors: cannot open"},
      {"truncated weights file", "upscale -w $D/truncated.safetensors -i $F/lr16_00.png -o $D/out",
       "runs past the end of the 1000-byte file (truncated?)"},  // the header's length follows the bundled model
      {"weights file that is not safetensors", "upscale -w $D/garbage.safetensors -i $F/lr16_00.png -o $D/out",
       "garbage.safetensors: header length"},
      {"weights of another model", "upscale -m ctcnet -w $M/sparnet-tiny-utkface.safetensors -i $F/lr16_00.png -o $D/out",
       "weights are for 'sparnet', not 'ctcnet'; pass -m sparnet"},
      {"restoration weights given to upscale as an x8 model",
       "upscale -m sparnet -w $M/sparnet-restore-utkface.safetensors -i $F/lr16_00.png -o $D/out",
       "weights are for 'sparnet-restore', not 'sparnet'"},
      {"weights given to bicubic", "upscale -m bicubic -w $M/sparnet-tiny-utkface.safetensors -i $F/lr16_00.png -o $D/out",
       "-m bicubic is a fixed resampler and takes no weights; drop -w"},
      {"zoo model without weights", "upscale -m ctcnet -i $F/lr16_00.png -o $D/out", "-m ctcnet needs -w WEIGHTS"},
      {"unknown model", "upscale -m nosuch -i $F/lr16_00.png -o $D/out", "unknown model 'nosuch'"},
      // Options.
      {"unknown command", "frobnicate", "unknown command 'frobnicate'; the commands are upscale, restore"},
      {"no command", "", "A subcommand is required"},
      {"unknown option", "upscale -i $F/lr16_00.png -o $D/out --nosuch", "not expected: --nosuch"},
      {"--threads not a number", "--threads abc models", "--threads: expected a number of at least 0, got 'abc'"},
      {"--batch-size 0", "upscale -b 0 -i $F/lr16_00.png -o $D/out", "--batch-size: must be at least 1, got 0"},
      {"--device cuda without a GPU", "upscale --device cuda -i $F/lr16_00.png -o $D/out",
       "--device cuda: no CUDA device is available"},
      {"unknown device", "upscale --device tpu -i $F/lr16_00.png -o $D/out", "--device tpu: expected cpu, cuda or cuda:N"},
      {"unknown route", "restore -i $F/hr_00.png -o $D/out --route sideways", "--route: sideways not in"},
      {"photo options with --aligned", "restore -i $F/hr_00.png -o $D/out --aligned --upscale 4",
       "--upscale applies to whole photos; drop it or drop --aligned"},
      {"eval with both --sr and -m", "eval --hr $D/few --sr $D/few -m sparnet", "pass either --sr DIR or -m MODEL"},
      {"eval of real LR with landmarks", "eval --lr $D/few --landmarks", "--lr has no ground truth"},
      {"inspect a folder", "inspect $D/few", "few: not a file"},
      // Recipes and training.
      {"recipe that is not JSON", "train $D/bad.json --data $D/few", "bad.json: not valid JSON"},
      {"recipe with an unknown key", "train $D/unknown_key.json --data $D/few", "unknown key 'nonsense_key'"},
      {"unknown recipe name", "train nosuchrecipe --data $D/few", "nosuchrecipe: no such recipe"},
      {"--set without a value", "train sparnet --data $D/few --set lr", "--set lr: expected key=value"},
      {"--set of an unknown key", "train sparnet --data $D/few --set nokey=1", "unknown key 'nokey'"},
      {"--set of a wrong type", "train sparnet --data $D/few --set lr=abc", "lr must be a number"},
      {"missing training folder", "train sparnet --data $D/nowhere -o $D/run", "nowhere: no such folder"},
      {"too few training faces", "train sparnet --data $D/few -o $D/run", "30 images, but training needs more than the 1000"},
      {"--resume without a checkpoint", "train sparnet --data $D/few --set val_count=5 -o $D/fresh_run --resume",
       "checkpoint.safetensors: nothing to resume; drop --resume"},
      // Environment.
      {"WORLD_SIZE not a number", "train sparnet --data $D/few --set val_count=5 -o $D/ddp_run",
       "environment variable WORLD_SIZE='abc' is not an integer", "WORLD_SIZE=abc"},
      {"empty MASTER_ADDR", "train sparnet --data $D/few --set val_count=5 -o $D/ddp_run",
       "WORLD_SIZE=2 but MASTER_ADDR is not set; launch with torchrun",
       "WORLD_SIZE=2 RANK=0 MASTER_ADDR= MASTER_PORT=29500"},
  };
  return cases;
}

std::string last_line(const std::string& text) {
  std::string line, last;
  for (std::istringstream in(text); std::getline(in, line);)
    if (!line.empty()) last = line;
  return last;
}

class BadInputs : public ::testing::TestWithParam<size_t> {};

TEST_P(BadInputs, OneClearErrorLine) {
  const BadInput& c = catalogue().at(GetParam());
  SCOPED_TRACE(c.name);
  const std::string& env = c.env;
  const CliResult r = run_cli(expand(c.args), env);
  EXPECT_NE(r.exit_code, 0) << r.err;
  EXPECT_LT(r.exit_code, 128) << "killed by a signal: " << r.err;
  const std::string last = last_line(r.err);
  EXPECT_EQ(last.rfind("facesr: error: ", 0), 0u) << r.err;
  EXPECT_NE(last.find(c.says), std::string::npos) << r.err;
  int error_lines = 0;
  std::string line;
  for (std::istringstream in(r.err); std::getline(in, line);) error_lines += line.find("error") != std::string::npos;
  EXPECT_EQ(error_lines, 1) << r.err;
  EXPECT_LT(last.size(), 600u) << "an error line a person can read (the longest lists the recipe keys)";
  // FACESR_CATALOGUE_ROWS=FILE appends this case's row of docs/bad-inputs.md, with what facesr said.
  if (const char* rows = std::getenv("FACESR_CATALOGUE_ROWS")) {
    std::string said = last.substr(0, 300) + (last.size() > 300 ? " …" : "");
    for (size_t at; (at = said.find('|')) != std::string::npos;) said.replace(at, 1, "\\|");
    std::ofstream(rows, std::ios::app) << "| " << c.name << " | `" << (env.empty() ? "" : env + " ") << "facesr " << c.args << "` | " << said
                                       << " | `Catalogue/BadInputs.OneClearErrorLine/" << GetParam() << "` |\n";
  }
}

INSTANTIATE_TEST_SUITE_P(Catalogue, BadInputs, ::testing::Range<size_t>(0, catalogue().size()));

TEST(BadInputsDoc, EveryCaseIsARowOfTheCatalogue) {
  std::ifstream in(fs::path(FACESR_SOURCE_DIR) / "docs/bad-inputs.md");
  ASSERT_TRUE(in) << "docs/bad-inputs.md is missing";
  const std::string doc((std::istreambuf_iterator<char>(in)), {});
  for (const BadInput& c : catalogue()) EXPECT_NE(doc.find("| " + c.name + " |"), std::string::npos) << c.name;
}

}  // namespace
