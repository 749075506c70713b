#!/usr/bin/env bash
# Quickstart: a fresh ledger in a temp dir, funded accounts, a batch of transfers piped in as JSON
# lines, balances, the journal, and an audit. Programs are taken from PATH (`make run` puts the
# freshly built ones first).
set -euo pipefail
work=$(mktemp -d "${TMPDIR:-/tmp}/pandactl-quickstart.XXXXXX")
trap 'rm -rf "$work"' EXIT
export PANDA_LEDGER="$work/panda.db"

echo "# 1. create an open ledger (requests are trusted; 'pandactl init' alone makes a signed one)"
pandactl init --auth open --chain-id quickstart

echo "# 2. the admin funds the creator and a buyer"
pandactl fund --to creator --amount 1000
pandactl fund --to buyer --amount 250.5

echo "# 3. transfers as JSON lines on stdin: one receipt per applied line, an error record per rejected one"
cat > "$work/transfers.jsonl" <<'LINES'
{"op":"transfer","id":"t1","from":"buyer","to":"user","amount":"10"}
{"op":"transfer","id":"t2","from":"creator","to":"user","amount":"0.000000000000000001"}
{"op":"transfer","id":"t3","from":"user","to":"buyer","amount":"5000"}
{"op":"transfer","id":"t4","from":"creator","to":"buyer","amount":"99.5"}
LINES
status=0
pandactl transfer - < "$work/transfers.jsonl" > "$work/receipts.jsonl" 2>/dev/null || status=$?
cat "$work/receipts.jsonl"
echo "(exit status $status: 1 means some lines were rejected, here t3 for insufficient funds)"
[ "$status" = 1 ] || { echo "expected exit status 1" >&2; exit 1; }
[ "$(jq -s 'map(select(.type=="receipt")) | length' "$work/receipts.jsonl")" = 3 ]
[ "$(jq -r 'select(.type=="error") | .code' "$work/receipts.jsonl")" = insufficient_funds ]

echo "# 4. balances, as JSON and as a table"
pandactl balance --account user
pandactl accounts --format table
[ "$(pandactl balance --account user | jq -r .panda)" = "10.000000000000000001" ]

echo "# 5. the journal: every applied request, hash-chained"
pandactl log --since 3 | jq -c '{seq, op, sender, hash}'

echo "# 6. audit: silent and exit 0 when the chain and every invariant hold"
pandactl audit && echo "audit ok ($(pandactl log | wc -l) journal entries)"
