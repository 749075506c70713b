#!/usr/bin/env bash
# Quickstart, the seed's story on a signed ledger in a temp dir: keys for the admin, a model creator, a
# buyer and a user; funding and transfers signed with --key, a batch signed by `pandactl-sign sign` as a
# pipeline stage; FraudNet tokenized on a bonding curve, bought and sold; trained from rows; paid
# predictions whose fees the holders claim; an order book session and its candle chart; the journal and
# an audit. Programs are taken from PATH (`make run` puts the fresh build first).
set -euo pipefail
work=$(mktemp -d "${TMPDIR:-/tmp}/pandactl-quickstart.XXXXXX")
trap 'rm -rf "$work"' EXIT
export PANDA_LEDGER="${PANDA_EXAMPLE_LEDGER:-$work/panda.db}"  # or an empty ledger named by $PANDA_EXAMPLE_LEDGER, e.g. a postgresql:// URL
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
pandactl-curve quote --symbol FNET --amount 100 | jq -c '{cost, ask, bid, price_after, sell_back}'
pandactl-curve buy --key buyer.key --symbol FNET --amount 100 --max-cost 1 | jq -c '{op, amount, cost, price, supply, reserve}'
pandactl-curve sell --key buyer.key --symbol FNET --amount 40 --min-payout 0.2 | jq -c '{op, amount, payout, price, supply, reserve}'
pandactl-curve price --symbol FNET | jq -c '{symbol, price, supply}'
pandactl-curve list --category fraud | jq -c '{type, symbol, owner, price, bid, supply}'
pandactl balance --account "$BUYER" | jq -c '{panda, tokens, owed}'
echo "(claiming now is refused: no inference fees have been paid yet)"
pandactl-curve claim --key buyer.key --symbol FNET 2>/dev/null | jq -c '{type, code}' || true

echo "# 8. the creator trains FraudNet (logistic) from transaction rows; the user contributed the data"
python3 - > rows.jsonl <<'PY'
import random
rnd = random.Random(7)
for _ in range(2000):
    amount, hour = round(rnd.uniform(1, 1000), 2), rnd.randrange(24)
    fraud = 1 if (amount > 600 and hour < 6) or rnd.random() < 0.03 else 0
    print('{"features":[%s,%d],"label":%d}' % (amount, hour, fraud))
PY
pandactl-train --key creator.key --symbol FNET --algo logistic --contributor "$USER_" < rows.jsonl \
  | jq -c '{type, symbol, version, algo, rows, features, accuracy: (.accuracy | floor), improvement_bps, contributor}'

echo "# 9. the user pays for predictions (0.01 PANDA a row, to FNET's holders); the buyer claims his share"
printf '%s\n' '{"features":[950.0,3]}' '{"features":[12.5,14]}' '{"features":[[700,2],[80,20]]}' \
  | pandactl-predict --key user.key --symbol FNET | jq -c '{prediction, fee}'
pandactl balance --account "$BUYER" | jq -c '{owed}'
pandactl-curve claim --key buyer.key --symbol FNET | jq -c '{op, symbol, amount}'

echo "# 10. an order book session: the buyer offers FNET, the user buys some; the fills become candles"
pandactl-orders place --key buyer.key --symbol FNET --side sell --price 0.002 --amount 30 | jq -c '{type, order_id, status, remaining}'
pandactl-orders place --key buyer.key --symbol FNET --side sell --price 0.003 --amount 20 | jq -c '{type, order_id, status, remaining}'
pandactl-orders place --key user.key --symbol FNET --side buy --price 0.0025 --amount 40 \
  | jq -c 'if .type == "trade" then {type, price, amount, seller, buyer} else {type, status, filled, remaining} end'
pandactl-orders book --symbol FNET | jq -c '{bids, asks}'
pandactl-ohlc --symbol FNET --interval 1d --venue book | jq -c '{open, high, low, close, volume, trades}'
pandactl-ohlc --symbol FNET --interval 1m --format svg > fnet.svg
python3 -c 'import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); print("fnet.svg: a well-formed", d.documentElement.tagName, "chart")' fnet.svg

echo "# 11. the journal: every applied request with its signature, hash-chained"
pandactl log --since 5 --limit 8 | jq -c '{seq, op, sender, hash}'

echo "# 12. audit: verifies the chain, every signature and the curves; replays the journal; silent and exit 0 when all holds"
pandactl audit && echo "audit ok ($(pandactl log | wc -l) journal entries)"
