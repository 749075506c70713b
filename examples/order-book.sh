#!/usr/bin/env bash
# An order-book session: two traders quote and trade FraudNet for a while (timestamps set by the admin,
# as a replay of a day would), then the fills become 5-minute candles: JSON lines, CSV, and an SVG chart.
# CHART=path keeps the chart (the README's picture is made this way).
set -euo pipefail
work=$(mktemp -d "${TMPDIR:-/tmp}/pandactl-orders.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
export PANDA_LEDGER="${PANDA_EXAMPLE_LEDGER:-$work/panda.db}"  # or an empty ledger named by $PANDA_EXAMPLE_LEDGER, e.g. a postgresql:// URL
pandactl init --auth open --chain-id orders-demo | jq -c '{chain_id, auth}'
printf '{"op":"fund","to":"%s","amount":"100000"}\n' maker taker owner | pandactl >/dev/null
pandactl-curve create --from owner --symbol FNET --name FraudNet --curve linear --a 1 --b 0.0001 | jq -c '{symbol, price}'
pandactl-curve buy --from maker --symbol FNET --amount 5000 | jq -c '{op, amount, cost}'
pandactl-curve buy --from taker --symbol FNET --amount 1000 >/dev/null

echo "# 2 hours of orders: the maker quotes around a drifting price, the taker hits and lifts (seeded)"
python3 - > orders.jsonl <<'PY'
import random, datetime
r = random.Random(11)
# From tomorrow 09:00 UTC: journal time never goes back, so a backfill cannot precede what the ledger holds.
t0 = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
mid = 1.50
for i in range(240):
    ts = (t0 + datetime.timedelta(seconds=30 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
    mid = max(0.5, mid + r.gauss(0, 0.01))
    print('{"from":"maker","symbol":"FNET","side":"sell","price":"%.3f","amount":%d,"ts":"%s"}' % (mid + 0.01, r.randint(5, 40), ts))
    print('{"from":"maker","symbol":"FNET","side":"buy","price":"%.3f","amount":%d,"ts":"%s"}' % (mid - 0.01, r.randint(5, 40), ts))
    side = "buy" if r.random() < 0.5 else "sell"
    size = '"max_cost":"%.2f"' % r.uniform(5, 50) if side == "buy" else '"amount":%d' % r.randint(1, 20)
    print('{"from":"taker","symbol":"FNET","side":"%s","type":"market",%s,"ts":"%s"}' % (side, size, ts))
PY
pandactl-orders place - < orders.jsonl > placed.jsonl || true
echo "orders: $(grep -c '"type":"order"' placed.jsonl), trades: $(grep -c '"type":"trade"' placed.jsonl), refused: $(grep -c '"type":"error"' placed.jsonl || true)"
pandactl-orders book --symbol FNET --depth 3 | jq -c '{bids: [.bids[].price], asks: [.asks[].price]}'

echo "# candles straight from the order stream, and from the ledger (the same fills)"
pandactl-ohlc - --interval 30m < placed.jsonl | jq -c '{open_time, open, high, low, close, volume, trades}'
pandactl-ohlc --symbol FNET --venue book --interval 30m --format csv | head -3
pandactl-ohlc --symbol FNET --venue book --interval 5m --format svg > fnet.svg
python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1]); print("fnet.svg is well-formed XML")' fnet.svg
[ -n "${CHART:-}" ] && cp fnet.svg "$CHART"
pandactl audit && echo "audit ok"
