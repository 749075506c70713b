#!/usr/bin/env bash
# An index fund over three model tokens: created with fixed weights, bought by an investor, valued, and
# rebalanced weekly by a cron job after a rally moved the weights. (The requests carry "ts", as the admin
# of a ledger may set it, to show a week passing in a few seconds.)
set -euo pipefail
work=$(mktemp -d "${TMPDIR:-/tmp}/pandactl-index.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
export PANDA_LEDGER="${PANDA_EXAMPLE_LEDGER:-$work/panda.db}"  # or an empty ledger named by $PANDA_EXAMPLE_LEDGER, e.g. a postgresql:// URL
pandactl init --auth open --chain-id index-demo | jq -c '{chain_id}'
printf '{"op":"fund","to":"%s","amount":"1000000"}\n' owner manager investor whale | pandactl >/dev/null
# Times from tomorrow 00:00 UTC on: journal time never goes back, so a backfill cannot precede what the ledger holds.
base=$(( ($(date -u +%s) / 86400 + 1) * 86400 ))
day() { date -u -d "@$(( base + $1 * 86400 + $2 * 3600 ))" +%Y-%m-%dT%H:%M:%SZ; }  # day D, hour H
at() { jq -nc --arg ts "$1" '$ARGS.named + {ts: $ts}' "${@:2}"; }  # a request line with a timestamp
for s in FNET VISN SPCH; do
  at "$(day 0 6)" --arg symbol $s | pandactl-curve create - --from owner --curve linear --a 1 --b 0.00002 | jq -c '{symbol, price}'
done

echo "# the manager creates AI3: 50% FraudNet, 30% VisionNet, 20% SpeechNet (weights are shares of value)"
at "$(day 0 6)" | pandactl-index create - --from manager --name AI3 --weights '{"FNET":5,"VISN":3,"SPCH":2}' | jq -c '{name, weights, period}'

echo "# an investor buys 20,000 shares (1 PANDA each at the start, plus the 10 bps creation fee)"
at "$(day 0 9)" | pandactl-index buy - --from investor --name AI3 --shares 20000 --max-cost 20100 | jq -c '{shares, cost, fee, holdings}'
pandactl-index nav --name AI3 | jq -c '{nav, nav_per_share, basket_price}'

echo "# a rally in FraudNet moves the fund's weights"
at "$(day 3 12)" | pandactl-curve buy - --from whale --symbol FNET --amount 60000 >/dev/null
pandactl-index portfolio --name AI3 | jq -c 'select(.type == "holding") | {symbol, weight, target_weight}'
echo "(too early: the period is a week)"
at "$(day 4 6)" | pandactl-index rebalance - --from manager --name AI3 2>/dev/null | jq -c '{code}' || true

echo "# the weekly cron job (crontab -e):"
echo "#   0 6 * * 1  pandactl-index rebalance --name AI3 --key /etc/panda/manager.key --ledger /var/lib/panda/ledger.db >> /var/log/panda-rebalance.jsonl"
at "$(day 7 6)" | pandactl-index rebalance - --from manager --name AI3 | jq -c '{fee, trades: [.trades[] | {symbol, side, amount}]}'
pandactl-index portfolio --name AI3 | jq -c 'select(.type == "holding") | {symbol, weight, target_weight}'

echo "# the investor sells half; the payout is their part of holdings and cash, less the 30 bps trading fee"
at "$(day 7 7)" | pandactl-index sell - --from investor --name AI3 --shares 10000 | jq -c '{shares, payout, fee, total_shares}'
pandactl audit && echo "audit ok"
