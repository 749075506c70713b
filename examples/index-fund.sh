#!/usr/bin/env bash
# An index fund over three model tokens: created with fixed weights, bought by an investor, valued, and
# rebalanced weekly by a cron job after a rally moved the weights. (The requests carry "ts", as the admin
# of a ledger may set it, to show a week passing in a few seconds.)
set -euo pipefail
work=$(mktemp -d "${TMPDIR:-/tmp}/pandactl-index.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
export PANDA_LEDGER="$work/panda.db"
pandactl init --auth open --chain-id index-demo | jq -c '{chain_id}'
printf '{"op":"fund","to":"%s","amount":"1000000"}\n' owner manager investor whale | pandactl >/dev/null
at() { jq -nc --arg ts "$1" '$ARGS.named + {ts: $ts}' "${@:2}"; }  # a request line with a timestamp
for s in FNET VISN SPCH; do
  at 2026-11-02T06:00:00Z --arg symbol $s | pandactl-curve create - --from owner --curve linear --a 1 --b 0.00002 | jq -c '{symbol, price}'
done

echo "# the manager creates AI3: 50% FraudNet, 30% VisionNet, 20% SpeechNet (weights are shares of value)"
at 2026-11-02T06:00:00Z | pandactl-index create - --from manager --name AI3 --weights '{"FNET":5,"VISN":3,"SPCH":2}' | jq -c '{name, weights, period}'

echo "# an investor buys 20,000 shares (1 PANDA each at the start, plus the 10 bps creation fee)"
at 2026-11-02T09:00:00Z | pandactl-index buy - --from investor --name AI3 --shares 20000 --max-cost 20100 | jq -c '{shares, cost, fee, holdings}'
pandactl-index nav --name AI3 | jq -c '{nav, nav_per_share, basket_price}'

echo "# a rally in FraudNet moves the fund's weights"
at 2026-11-05T12:00:00Z | pandactl-curve buy - --from whale --symbol FNET --amount 60000 >/dev/null
pandactl-index portfolio --name AI3 | jq -c 'select(.type == "holding") | {symbol, weight, target_weight}'
echo "(too early: the period is a week)"
at 2026-11-06T06:00:00Z | pandactl-index rebalance - --from manager --name AI3 2>/dev/null | jq -c '{code}' || true

echo "# the weekly cron job (crontab -e):"
echo "#   0 6 * * 1  pandactl-index rebalance --name AI3 --key /etc/panda/manager.key --ledger /var/lib/panda/ledger.db >> /var/log/panda-rebalance.jsonl"
at 2026-11-09T06:00:00Z | pandactl-index rebalance - --from manager --name AI3 | jq -c '{fee, trades: [.trades[] | {symbol, side, amount}]}'
pandactl-index portfolio --name AI3 | jq -c 'select(.type == "holding") | {symbol, weight, target_weight}'

echo "# the investor sells half; the payout is their part of holdings and cash, less the 30 bps trading fee"
at 2026-11-09T07:00:00Z | pandactl-index sell - --from investor --name AI3 --shares 10000 | jq -c '{shares, payout, fee, total_shares}'
pandactl audit && echo "audit ok"
