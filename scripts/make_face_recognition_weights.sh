#!/usr/bin/env bash
# Makes models/dlib-face-recognition.safetensors, the face-recognition network
# behind identity scores (`facesr eval --identity`): dlib's ResNet-29 as the
# @vladmandic/face-api npm package (MIT; dlib's weights are public domain)
# ships it, checked against pinned sha256 sums and converted by
# tools/convert_face_recognition.js. Run by scripts/setup.sh; skips when the
# file exists. The npm package lands in .cache/npm (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=models/dlib-face-recognition.safetensors
PACKAGE=@vladmandic/face-api@1.7.15
MODEL=.cache/npm/node_modules/@vladmandic/face-api/model

if [ -f "$OUT" ]; then
  echo "setup: $OUT present"
  exit 0
fi
if [ ! -f "$MODEL/face_recognition_model.bin" ]; then
  echo "setup: installing $PACKAGE into .cache/npm"
  npm install --prefix .cache/npm --no-save --ignore-scripts --no-audit --no-fund "$PACKAGE" >/dev/null
fi
sha256sum --quiet -c - <<SUMS || { echo "setup: $MODEL differs from $PACKAGE's release; remove .cache/npm and run again" >&2; exit 1; }
cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b  $MODEL/face_recognition_model-weights_manifest.json
b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589  $MODEL/face_recognition_model.bin
SUMS
node tools/convert_face_recognition.js "$MODEL" "$OUT"
