#!/usr/bin/env bash
# Builds the training folder of the bundled models from ../shared/data: every
# UTKFace file (its last 1,000 by name stay the validation split, as the
# recipes' val_count says) and Helen's 870 300-W crops four times over, named
# 0000helen_<copy>_<name> so they sort before the validation split. Links only.
# Usage: bash scripts/make_face_mix.sh [OUT_DIR] (default ../data/mix)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${FACESR_SHARED:-../shared}
out=${1:-../data/mix}
mkdir -p "$out"
utk=$(cd "$shared/data/utkface" && pwd)
helen=$(cd "$shared/data/300w_train/helen" && pwd)
for f in "$utk"/*; do ln -sfn "$f" "$out/$(basename "$f")"; done
for copy in a b c d; do
  for f in "$helen"/*.png; do ln -sfn "$f" "$out/0000helen_${copy}_$(basename "$f")"; done
done
echo "$out: $(ls "$out" | wc -l) faces; validation: $(ls "$out" | tail -n 1000 | head -n 1) onwards"
