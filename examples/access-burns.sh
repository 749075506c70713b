#!/usr/bin/env bash
# An API gateway pays for model access by burning tokens: 1 token a request, batch discounts of 5%, 10%,
# 20% and 25% from 10, 100, 1000 and 10000 requests, and a rate negotiated with the model's owner. Burns
# leave the reserve as it is, so every remaining token is worth more; a holder redeems tokens for PANDA.
set -euo pipefail
work=$(mktemp -d "${TMPDIR:-/tmp}/pandactl-burn.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
export PANDA_LEDGER="${PANDA_EXAMPLE_LEDGER:-$work/panda.db}"  # or an empty ledger named by $PANDA_EXAMPLE_LEDGER, e.g. a postgresql:// URL
pandactl init --auth open --chain-id burn-demo | jq -c '{chain_id}'
printf '{"op":"fund","to":"%s","amount":"100000"}\n' owner gateway holder | pandactl >/dev/null
pandactl-curve create --from owner --symbol FNET --curve linear --a 0.5 --b 0.0001 | jq -c '{symbol, price}'
pandactl-curve buy --from gateway --symbol FNET --amount 20000 | jq -c '{op, amount, cost}'
pandactl-curve buy --from holder --symbol FNET --amount 1000 | jq -c '{op, amount, cost}'

echo "# the gateway's hourly batches: the discount grows with the batch"
for n in 5 10 250 1000 12000; do
  pandactl-burn access --from gateway --symbol FNET --requests $n | jq -c '{requests, burned, discount_bps, price}'
done
echo "# the owner negotiates 0.6 tokens a request for the gateway (discounts still apply)"
pandactl-burn rate --from owner --symbol FNET --account gateway --tokens-per-request 0.6 | jq -c '{account, tokens_per_request}'
pandactl-burn access --from gateway --symbol FNET --requests 500 | jq -c '{requests, burned, discount_bps, negotiated}'
echo "# the holder redeems 100 tokens for PANDA from the reserve (at least 50), then must wait an hour"
pandactl-burn redeem --from holder --symbol FNET --amount 100 --min-payout 50 | jq -c '{burned, payout, price}'
pandactl-burn redeem --from holder --symbol FNET --amount 100 2>/dev/null | jq -c '{code}' || true
pandactl stats --symbol FNET | jq -c '{total_supply, burned, access_requests, reserve, treasury_health}'
pandactl audit && echo "audit ok"
