#!/usr/bin/env bash
# Installs dependencies, builds facesr with its tests, runs the whole suite, then replays every fuzzing seed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"
# Every parser under ASan and UBSan on the committed seeds, past failures included (fuzz/README.md has the long runs).
bash scripts/fuzz.sh --replay
