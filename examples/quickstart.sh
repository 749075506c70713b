#!/usr/bin/env bash
# Quickstart: a signed ledger in a temp dir; keys for the admin, a model creator, a buyer and a user;
# funding and transfers signed with --key, a batch signed by `pandactl-sign sign` as a pipeline stage,
# balances, the journal, and an audit. Programs are taken from PATH (`make run` puts the fresh build first).
set -euo pipefail
work=$(mktemp -d "${TMPDIR:-/tmp}/pandactl-quickstart.XXXXXX")
trap 'rm -rf "$work"' EXIT
export PANDA_LEDGER="$work/panda.db"
cd "$work"

echo "# 1. keys: every actor is a secp256k1 key (plain hex files, mode 0600; set PANDA_PASSPHRASE for keystores)"
for who in admin creator buyer user; do
  pandactl-sign keygen --out "$who.key" --plain | jq -c '{address, key_file}'
done
addr() { pandactl-sign address --key "$1.key" | jq -r .address; }
CREATOR=$(addr creator); BUYER=$(addr buyer); USER_=$(addr user)

echo "# 2. a signed ledger: every request must be signed by its sender"
pandactl init --admin-key admin.key --chain-id quickstart | jq -c '{op, chain_id, auth, admin}'

echo "# 3. the admin funds the creator and the buyer (--key signs each request)"
pandactl fund --key admin.key --to "$CREATOR" --amount 1000 | jq -c '{op, seq, to, amount}'
pandactl fund --key admin.key --to "$BUYER" --amount 250.5 | jq -c '{op, seq, to, amount}'

echo "# 4. a batch of transfers signed by pandactl-sign as a pipeline stage, then applied"
cat > transfers.jsonl <<LINES
{"op":"transfer","id":"t1","to":"$USER_","amount":"10"}
{"op":"transfer","id":"t2","to":"$CREATOR","amount":"0.000000000000000001"}
{"op":"transfer","id":"t3","to":"$USER_","amount":"5000"}
LINES
status=0
pandactl-sign sign --key buyer.key --ledger "$PANDA_LEDGER" < transfers.jsonl | pandactl > receipts.jsonl 2>/dev/null || status=$?
jq -c 'if .type == "error" then {type, id, code} else {type, id, seq} end' receipts.jsonl
echo "(exit status $status: 1 means some lines were rejected, here t3 for insufficient funds)"
[ "$status" = 1 ] || { echo "expected exit status 1" >&2; exit 1; }
[ "$(jq -s 'map(select(.type=="receipt")) | length' receipts.jsonl)" = 2 ]
[ "$(jq -r 'select(.type=="error") | .code' receipts.jsonl)" = insufficient_funds ]

echo "# 5. a forged request is refused: the user edits the buyer's signed transfer to pay herself more"
pandactl-sign sign --key buyer.key --chain-id quickstart <<< "{\"op\":\"transfer\",\"to\":\"$USER_\",\"amount\":\"1\"}" \
  | jq -c '.amount = "200"' | { pandactl 2>/dev/null || true; } | jq -c '{type, code}'

echo "# 6. balances: one account, then every account ordered by balance"
pandactl balance --account "$USER_" | jq -c '{account, panda}'
pandactl accounts | jq -sc 'sort_by(.panda | tonumber) | .[] | {account, panda}'
[ "$(pandactl balance --account "$USER_" | jq -r .panda)" = "10" ]

echo "# 7. the creator tokenizes FraudNet on the seed's bonding curve (price = supply^2 / 1,000,000)"
pandactl-curve create --key creator.key --symbol FNET --name FraudNet --category fraud | jq -c '{symbol, owner, address, price}'
pandactl-curve quote --symbol FNET --amount 100 | jq -c '{cost, price_after}'
pandactl-curve buy --key buyer.key --symbol FNET --amount 100 --max-cost 1 | jq -c '{op, amount, cost, price, supply, reserve}'
pandactl-curve sell --key buyer.key --symbol FNET --amount 40 --min-payout 0.2 | jq -c '{op, amount, payout, price, supply, reserve}'
pandactl-curve price --symbol FNET | jq -c '{symbol, price, supply}'
pandactl balance --account "$BUYER" | jq -c '{panda, tokens, owed}'
echo "(claiming now is refused: no inference fees have been paid yet)"
pandactl-curve claim --key buyer.key --symbol FNET 2>/dev/null | jq -c '{type, code}' || true

echo "# 8. the journal: every applied request with its signature, hash-chained"
pandactl log --since 5 | jq -c '{seq, op, sender, hash}'

echo "# 9. audit: verifies the chain, every signature and the curves; replays the journal; silent and exit 0 when all holds"
pandactl audit && echo "audit ok ($(pandactl log | wc -l) journal entries)"
