#!/usr/bin/env bash
# The reliability and security suite (issue 9): crash, concurrency, fuzz, tamper/authorization, files.
#   bash scripts/reliability/run.sh BIN_DIR
# Environment:
#   RELIABILITY_SEED=N        seed for every random choice (printed; default 20261122)
#   RELIABILITY_SCALE=X       more (X>1) or fewer (X<1) trials and lines; 1 takes ~5 minutes on 2 cores
#   RELIABILITY_PARTS="..."   a subset of: crash concurrency fuzz tamper files
#   RELIABILITY_SANITIZE=address|undefined|thread (undefined: this toolchain rejects
#                             -sanitize=undefined for x86_64 Linux; address works)
#                             build with that sanitizer into .build-asan / .build-ubsan / .build-tsan
#                             and run the suite against those binaries
#   RELIABILITY_KEEP=1        keep the work directory (kept anyway on failure)
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-}
if [ -n "${RELIABILITY_SANITIZE:-}" ]; then
  case "$RELIABILITY_SANITIZE" in
    address) scratch="$root/.build-asan" ;; undefined) scratch="$root/.build-ubsan" ;; thread) scratch="$root/.build-tsan" ;;
    *) echo "RELIABILITY_SANITIZE must be address, undefined or thread" >&2; exit 64 ;;
  esac
  echo "building with -sanitize=${RELIABILITY_SANITIZE} into $scratch"
  (cd "$root" && swift build --scratch-path "$scratch" --sanitize="$RELIABILITY_SANITIZE") || exit 1
  bin=$(cd "$root" && swift build --scratch-path "$scratch" --sanitize="$RELIABILITY_SANITIZE" --show-bin-path)
  # Swift's runtime keeps some allocations until exit: leak reports are not failures here.
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:exitcode=86}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=86}"
fi
if [ -z "$bin" ] || [ ! -x "$bin/pandactl" ]; then
  echo "usage: $0 BIN_DIR   (the directory of the built pandactl programs)" >&2
  exit 64
fi
bin=$(cd "$bin" && pwd)
for tool in python3 sqlite3 dd; do
  command -v "$tool" >/dev/null || { echo "reliability: '$tool' is required (apt-get install -y sqlite3 python3)" >&2; exit 69; }
done
export RELIABILITY_BIN="$bin"
export RELIABILITY_SEED="${RELIABILITY_SEED:-20261122}"
export RELIABILITY_SCALE="${RELIABILITY_SCALE:-1}"
parts="${RELIABILITY_PARTS:-crash concurrency fuzz tamper files}"
work=$(mktemp -d "${TMPDIR:-/tmp}/pandactl-reliability.XXXXXX")
export RELIABILITY_WORK="$work" RELIABILITY_RESULTS="$work/results"
mkdir -p "$RELIABILITY_RESULTS"
echo "reliability suite: binaries $bin"
echo "reliability suite: seed $RELIABILITY_SEED, scale $RELIABILITY_SCALE, parts: $parts, work $work"
start=$(date +%s)
for part in $parts; do
  echo "--- $part"
  python3 "$here/$part.py"
done
python3 "$here/summarize.py" "$RELIABILITY_RESULTS" "$parts"
status=$?
echo "  wall time                $(( $(date +%s) - start ))s"
if [ $status -ne 0 ] || [ -n "${RELIABILITY_KEEP:-}" ]; then
  echo "work directory kept: $work"
else
  rm -rf "$work"
fi
exit $status
