#!/usr/bin/env bash
# Order book and candles, each next to its peer in one run (release builds):
#   1. the matching engine alone, in process (bench/market/engine.sh: 2,000,000 requests of every kind);
#   2. `pandactl-orders place -` end to end on N orders (default 1,000,000) by 50 accounts on an open
#      ledger: escrow, settlement, journal, receipts and trade records;
#   3. `pandactl-ohlc -` on M trade records (default 10,000,000) next to pandas read_json(lines=True) +
#      resample(...).ohlc() + volume on the same file (pandas reads in chunks of 1,000,000 lines so that its
#      memory stays bounded; the candles of both are compared).
# Usage: bench/orders.sh   N=100000 M=1000000 bench/orders.sh for a quick run; SKIP_ENGINE=1 skips step 1.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000000}; M=${M:-10000000}
out=bench/out; mkdir -p "$out"
for p in pandactl pandactl-curve pandactl-orders pandactl-ohlc; do swift build -c release --product $p >/dev/null; done
BIN=$(swift build -c release --show-bin-path)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }

if [ "${SKIP_ENGINE:-0}" != 1 ]; then
  echo "== 1. matching engine, in process"
  bash bench/market/engine.sh
fi

echo "== 2. pandactl-orders place, end to end ($N orders)"
python3 - "$N" > "$work/orders.jsonl" <<'PY'
import random, sys
r = random.Random(5); n = int(sys.argv[1]); mid = 1.5
acct = ["t%d" % i for i in range(50)]
for i in range(n):
    mid = min(3.0, max(0.5, mid + r.gauss(0, 0.002)))
    a = r.choice(acct); x = r.random()
    if x < 0.45: print('{"from":"%s","symbol":"FNET","side":"sell","price":"%.3f","amount":%d}' % (a, mid + r.uniform(-0.005, 0.02), r.randint(1, 20)))
    elif x < 0.9: print('{"from":"%s","symbol":"FNET","side":"buy","price":"%.3f","amount":%d}' % (a, mid - r.uniform(-0.005, 0.02), r.randint(1, 20)))
    elif x < 0.95: print('{"from":"%s","symbol":"FNET","side":"sell","type":"market","amount":%d}' % (a, r.randint(1, 10)))
    else: print('{"from":"%s","symbol":"FNET","side":"buy","type":"market","max_cost":"%.2f"}' % (a, r.uniform(1, 20)))
PY
L="$work/orders.db"
"$BIN/pandactl" init --auth open --ledger "$L" --chain-id bench >/dev/null
for i in $(seq 0 49); do echo "{\"op\":\"fund\",\"to\":\"t$i\",\"amount\":\"100000000\"}"; done | "$BIN/pandactl" --ledger "$L" >/dev/null
"$BIN/pandactl-curve" create --symbol FNET --curve linear --a 1 --b 0 --from owner --ledger "$L" >/dev/null
for i in $(seq 0 49); do echo "{\"op\":\"buy\",\"from\":\"t$i\",\"symbol\":\"FNET\",\"amount\":1000000}"; done | "$BIN/pandactl-curve" --ledger "$L" >/dev/null
t0=$(now); "$BIN/pandactl-orders" place - --ledger "$L" < "$work/orders.jsonl" > "$work/placed.jsonl" 2>/dev/null || true; t1=$(now)
orders=$(grep -c '"type":"order"' "$work/placed.jsonl" || true); trades=$(grep -c '"type":"trade"' "$work/placed.jsonl" || true)
errors=$(grep -c '"type":"error"' "$work/placed.jsonl" || true)
"$BIN/pandactl" audit --ledger "$L" && audit=ok || audit=FAILED
awk -v n="$N" -v a="$t0" -v b="$t1" -v o="$orders" -v t="$trades" -v e="$errors" -v au="$audit" 'BEGIN {
  printf "  %d orders in %.2f s: %.0f orders/s end to end (%d applied, %d trades, %d refused; audit %s; target >= 200000)\n", n, b - a, n / (b - a), o, t, e, au }'

echo "== 3. candles: pandactl-ohlc - vs pandas on $M trade records"
data="$out/trades-$M.jsonl"
if [ ! -s "$data" ]; then
  python3 - "$M" "$data" <<'PY'
import random, sys
n, path = int(sys.argv[1]), sys.argv[2]
r = random.Random(9); ms = 1_793_000_000_000; p = 1.5
with open(path, "w") as f:
    for i in range(n):
        ms += r.randint(0, 400); p = max(0.01, p + r.gauss(0, 0.001))
        f.write('{"type":"trade","venue":"book","symbol":"FNET","price":"%.6f","amount":%d,"buyer":"a%d","seller":"b%d","side":"buy","maker_order":%d,"taker_order":%d,"ts":"%s","seq":%d}\n'
                % (p, r.randint(1, 50), r.randrange(99), r.randrange(99), i, i + 1,
                   __import__("datetime").datetime.fromtimestamp(ms / 1000, __import__("datetime").timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000), i))
PY
fi
python3 -c 'import pandas' 2>/dev/null || pip install --quiet pandas >&2
t0=$(now); "$BIN/pandactl-ohlc" - --interval 1h --format csv < "$data" > "$work/ours.csv"; t1=$(now)
python3 - "$data" "$work/peer.csv" <<'PY' > "$work/peer.time"
import sys, time, pandas as pd
t0 = time.perf_counter()
parts = []
for chunk in pd.read_json(sys.argv[1], lines=True, chunksize=1_000_000, dtype={"price": str}):
    chunk["ts"] = pd.to_datetime(chunk["ts"], utc=True)
    chunk["price"] = chunk["price"].astype(float)
    g = chunk.set_index("ts").resample("1h")
    o = g["price"].ohlc(); o["volume"] = g["amount"].sum(); o["trades"] = g["amount"].count()
    parts.append(o)
allc = pd.concat(parts)
# chunks split intervals: merge rows of the same hour
res = allc.groupby(level=0).agg({"open": "first", "high": "max", "low": "min", "close": "last", "volume": "sum", "trades": "sum"})
res = res[res["trades"] > 0]
res.to_csv(sys.argv[2])
print(f"{time.perf_counter() - t0:.3f} {len(res)}")
PY
t2=$(now)
read peer_s peer_n < "$work/peer.time"
ours_n=$(( $(wc -l < "$work/ours.csv") - 1 ))
bytes=$(stat -c %s "$data")
awk -v m="$M" -v a="$t0" -v b="$t1" -v ps="$peer_s" -v on="$ours_n" -v pn="$peer_n" -v by="$bytes" 'BEGIN {
  ours = b - a
  printf "  %-44s %9s %12s %9s\n", "", "seconds", "records/s", "candles"
  printf "  %-44s %9.2f %12.0f %9d\n", "pandactl-ohlc - --interval 1h --format csv", ours, m / ours, on
  printf "  %-44s %9.2f %12.0f %9d\n", "pandas read_json(chunks) + resample().ohlc()", ps, m / ps, pn
  printf "  ratio: %.1fx pandas (target >= 5x); input %.0f MB; %s\n", ps / ours, by / 1e6, (on == pn ? "same number of candles" : "CANDLE COUNT DIFFERS") }'
