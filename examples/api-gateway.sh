#!/usr/bin/env bash
# An API gateway serves a model to its users and pays for each user's requests with that user's own
# tokens: the user approves the gateway once (an allowance, as PRC-20/ERC-20 has it), and the gateway
# burns the user's tokens for access within it (pandactl-burn access --holder). The allowance shrinks
# with every burn; past it, the gateway is refused. Stats show the burns.
set -euo pipefail
work=$(mktemp -d "${TMPDIR:-/tmp}/pandactl-gateway.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
export PANDA_LEDGER="${PANDA_EXAMPLE_LEDGER:-$work/panda.db}"  # or an empty ledger named by $PANDA_EXAMPLE_LEDGER, e.g. a postgresql:// URL
pandactl init --auth open --chain-id gateway-demo | jq -c '{chain_id}'
printf '{"op":"fund","to":"%s","amount":"1000"}\n' owner alice gateway | pandactl >/dev/null
pandactl-curve create --from owner --symbol FNET --curve linear --a 0.5 --b 0.0001 | jq -c '{symbol, price}'
pandactl-curve buy --from alice --symbol FNET --amount 500 | jq -c '{op, amount, cost}'

echo "# alice lets the gateway spend up to 300 FNET"
pandactl-curve approve --from alice --symbol FNET --spender gateway --amount 300 | jq -c '{owner, spender, allowance}'
pandactl-curve allowance --symbol FNET --owner alice --spender gateway | jq -c '{allowance, spendable}'

echo "# the gateway pays for alice's requests with her tokens (batch discounts apply)"
for n in 5 40 150; do
  pandactl-burn access --from gateway --symbol FNET --requests $n --holder alice | jq -c '{requests, burned, discount_bps, allowance, holder_tokens: .tokens}'
done
echo "# past the allowance the gateway is refused; a stranger has no allowance at all"
pandactl-burn access --from gateway --symbol FNET --requests 200 --holder alice 2>/dev/null | jq -c '{code}' || true
pandactl-burn access --from owner --symbol FNET --requests 1 --holder alice 2>/dev/null | jq -c '{code}' || true

pandactl balance --account alice | jq -c '{tokens, allowances}'
pandactl balance --account gateway | jq -c '{tokens, allowances}'
pandactl stats --symbol FNET | jq -c '{total_supply, burned, access_requests, reserve, discounts}'
pandactl audit && echo "audit ok"
