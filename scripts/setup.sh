#!/usr/bin/env bash
# Installs every build and run-time dependency of facesr from Debian packages,
# then makes the face-recognition weights (scripts/make_face_recognition_weights.sh).
# Idempotent: re-running only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  libtorch-dev                      # LibTorch 1.13 (C++ frontend)
  libgloo-dev                       # gloo headers for c10d's ProcessGroupGloo (multi-process training)
  libdnnl-dev                       # oneDNN headers: Winograd convolutions through the library LibTorch uses
  libopenblas0-openmp               # fast BLAS for LibTorch on CPU (the reference BLAS is ~3x slower)
  libopencv-dev libopencv-contrib-dev opencv-data  # image I/O, drawing, BRISQUE quality model
  libdlib-dev libdlib-data          # face detection and 68-point landmarks
  libcli11-dev nlohmann-json3-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-dev             # libFuzzer with ASan/UBSan (fuzz/, scripts/fuzz.sh)
  python3 python3-numpy python3-torch  # offline checkpoint conversion only, never at run time
)
# node and npm fetch and convert the face-recognition weights once, here; a
# node already installed from elsewhere (NodeSource bundles npm) is kept.
command -v npm >/dev/null || PACKAGES+=(nodejs npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all dependencies present"
else
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  APT=(apt-get -o DPkg::Lock::Timeout=300 -y -q)
  echo "setup: installing ${missing[*]}"
  $SUDO "${APT[@]}" update
  DEBIAN_FRONTEND=noninteractive $SUDO "${APT[@]}" install --no-install-recommends "${missing[@]}"
fi

bash scripts/make_face_recognition_weights.sh
