#!/usr/bin/env bash
# Audit cost against ledger size: a ledger of N transfers among 1,000 accounts (default 1,000,000), then
# a full audit (seconds and peak memory, /usr/bin/time), an audit recording a checkpoint, M more
# transfers (default 100,000), an incremental audit over them and a full audit again, in one run.
# Targets (issue 20): full audit <= 64 MB; incremental <= 15% of a full audit's time.
# BASE=/path/to/older/pandactl also times that binary's full audit on the same ledger (its "present time").
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000000}
M=${M:-100000}
if [ -z "${BIN:-}" ]; then  # BIN=/path/to/release/bin measures another build instead
  swift build -c release --product pandactl >/dev/null
  BIN=$(swift build -c release --show-bin-path)
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/pandactl-audit-bench.XXXXXX"); trap 'rm -rf "$work"' EXIT
gen() {  # gen COUNT SEED
  python3 - "$1" "$2" <<'PY'
import random, sys
rnd = random.Random(int(sys.argv[2]))
out = sys.stdout
for i in range(int(sys.argv[1])):
    a, b = rnd.sample(range(1000), 2)
    out.write('{"op":"transfer","from":"acct%d","to":"acct%d","amount":"0.%06d"}\n' % (a, b, rnd.randrange(1, 10**6)))
PY
}
L="$work/ledger.db"
# With BASE, the older build writes the ledger (its schema) and audits it first; ours migrates it after.
MAKER=${BASE:-$BIN/pandactl}
"$MAKER" init --auth open --ledger "$L" --chain-id bench >/dev/null
for i in $(seq 0 999); do echo "{\"op\":\"fund\",\"to\":\"acct$i\",\"amount\":\"1000000\"}"; done | "$MAKER" --ledger "$L" >/dev/null
gen "$N" 1 > "$work/first.jsonl"
gen "$M" 2 > "$work/more.jsonl"
measure() {  # measure LABEL CMD...: prints seconds and peak RSS
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null
  read -r secs kb < "$work/t"
  printf "  %-52s %8.2f s %9.1f MB\n" "$label" "$secs" "$(echo "$kb / 1024" | bc -l)"
  echo "$secs" > "$work/last"
}
echo "audit: $N transfers among 1,000 accounts, then $M more; $(nproc) cores; $(date -u +%Y-%m-%d)"
measure "apply $N transfers" "$MAKER" --ledger "$L" --input "$work/first.jsonl"
printf "  %-52s %8s\n" "ledger size" "$(du -h "$L" | cut -f1)"
if [ -n "${BASE:-}" ]; then
  measure "full audit, BASE ($BASE)" "$BASE" audit --ledger "$L"
  echo '{"op":"transfer","from":"acct0","to":"acct1","amount":"0.000001"}' | "$BIN/pandactl" --ledger "$L" >/dev/null  # migrates
fi
measure "full audit" "$BIN/pandactl" audit --ledger "$L"
measure "full audit recording a checkpoint" "$BIN/pandactl" audit --checkpoint --ledger "$L"
measure "apply $M more transfers" "$BIN/pandactl" --ledger "$L" --input "$work/more.jsonl"
measure "incremental audit of the $M new entries" "$BIN/pandactl" audit --incremental --ledger "$L"
inc=$(cat "$work/last")
measure "full audit of all $((N + M)) entries" "$BIN/pandactl" audit --ledger "$L"
full=$(cat "$work/last")
awk -v i="$inc" -v f="$full" 'BEGIN { printf "  incremental / full: %.1f%% (target <= 15%%)\n", 100 * i / f }'
