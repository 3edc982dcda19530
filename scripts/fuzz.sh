#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang with ASan and UBSan, in
# build-fuzz/) and runs each for SECONDS, on two cores by default, from the
# committed seeds plus what earlier runs found (build-fuzz/corpus/). Prints
# one line per target (executions, coverage, crashes) and exits non-zero if
# any target crashed, leaked or hit undefined behaviour; the input that did
# it is kept in build-fuzz/crashes/.
#   scripts/fuzz.sh [SECONDS] [TARGET...]    e.g. scripts/fuzz.sh 60, scripts/fuzz.sh 1800 image
#   scripts/fuzz.sh --replay [TARGET...]     every committed seed once, nothing new (CI)
# Targets: safetensors image landmark_file recipe state_dict distributed_env.
# CI replays: a search for new inputs finds what it finds by chance, so it
# would fail commits that changed nothing it touched; replaying the seeds,
# which hold every input that once failed, is deterministic.
set -euo pipefail
cd "$(dirname "$0")/.."

REPLAY=0
if [ "${1:-}" = "--replay" ]; then
  REPLAY=1
  shift
  SECONDS_PER_TARGET=0
else
  SECONDS_PER_TARGET=${1:-60}
  shift || true
fi
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(safetensors image landmark_file recipe state_dict distributed_env)
JOBS=${FUZZ_JOBS:-$(nproc)}
BUILD=build-fuzz

if [ ! -f "$BUILD/build.ninja" ]; then
  mkdir -p "$BUILD"
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DFACESR_FUZZ=ON -DFACESR_BUILD_TESTS=OFF > "$BUILD/configure.log" 2>&1 ||
    { cat "$BUILD/configure.log"; exit 1; }
fi
cmake --build "$BUILD" --target facesr_fuzzers -j"$(nproc)"

# The state_dict seed is the fuzzed model's own checkpoint.
if [ ! -f fuzz/corpus/state_dict/sparnet.safetensors ]; then
  mkdir -p fuzz/corpus/state_dict
  FACESR_FUZZ_WRITE_SEED=fuzz/corpus/state_dict/sparnet.safetensors "$BUILD/fuzz/fuzz_state_dict"
fi

# LibTorch keeps allocations alive until exit on purpose; leaks are checked
# per input by libFuzzer (-detect_leaks), not at exit.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:leak_check_at_exit=0:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export OMP_NUM_THREADS=1

failed=0
if [ "$REPLAY" = 1 ]; then
  printf '%-16s %8s %s\n' target inputs result
  for target in "${TARGETS[@]}"; do
    log="$BUILD/logs/$target.replay.log"
    mkdir -p "$(dirname "$log")"
    seeds=(fuzz/corpus/"$target"/*)
    if "$BUILD/fuzz/fuzz_$target" -rss_limit_mb=4096 -timeout=30 "${seeds[@]}" > "$log" 2>&1; then
      result=ok
    else
      result="FAILED: log $log"
      failed=1
    fi
    printf '%-16s %8s %s\n' "$target" "${#seeds[@]}" "$result"
  done
  exit $failed
fi
printf '%-16s %12s %8s %8s %s\n' target executions cov features result
for target in "${TARGETS[@]}"; do
  work="$BUILD/corpus/$target" crashes="$BUILD/crashes"
  log="$BUILD/logs/$target.log"
  mkdir -p "$work" "$crashes" "$(dirname "$log")"
  touch "$log.start"  # marks the start: only artifacts newer than it count for this run
  # -fork keeps fuzzing after a crash is found and spreads the time over JOBS processes.
  set +e
  "$BUILD/fuzz/fuzz_$target" "$work" "fuzz/corpus/$target" -fork="$JOBS" -ignore_crashes=1 -ignore_ooms=0 \
    -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=4096 -timeout=30 \
    -artifact_prefix="$crashes/$target-" -print_final_stats=1 > "$log" 2>&1
  status=$?
  set -e
  # fork mode's status line: "#EXECS: cov: C ft: F corp: N exec/s R oom/timeout/crash: a/b/c time: Ts ..."
  stats=$(grep -E '^#[0-9]+: cov: ' "$log" | tail -1)
  total=$(sed -nE 's/^#([0-9]+): .*/\1/p' <<<"$stats")
  cov=$(grep -oE 'cov: [0-9]+' <<<"$stats" | awk '{print $2}')
  ft=$(grep -oE 'ft: [0-9]+' <<<"$stats" | awk '{print $2}')
  found=$(find "$crashes" -name "$target-*" -newer "$log.start" | wc -l)
  result="ok"
  if [ "$found" -gt 0 ] || { [ "$status" -ne 0 ] && [ -z "$stats" ]; }; then
    result="FAILED: $found inputs in $crashes, log $log"
    failed=1
  fi
  printf '%-16s %12s %8s %8s %s\n' "$target" "$total" "${cov:-?}" "${ft:-?}" "$result"
done
exit $failed
