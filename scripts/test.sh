#!/usr/bin/env bash
# Installs dependencies, builds facesr with its tests, runs the whole suite, then a short fuzzing run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"
# Fuzzing smoke run: every parser under ASan and UBSan for 45 s (fuzz/README.md has the long runs).
bash scripts/fuzz.sh 45
