#!/usr/bin/env bash
# Offline signing: requests are signed on one machine (holding the key, no ledger) and applied on
# another (holding the ledger, no key). Here the two "machines" are two directories.
set -euo pipefail
work=$(mktemp -d "${TMPDIR:-/tmp}/pandactl-offline.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/signer" "$work/server"
LEDGER=${PANDA_EXAMPLE_LEDGER:-ledger.db}  # the server's ledger (or an empty one named by $PANDA_EXAMPLE_LEDGER, e.g. a postgresql:// URL)

echo "# on the signer: an encrypted key (Web3 Secret Storage v3; --light for a quick demo)"
export PANDA_PASSPHRASE="correct horse battery staple"
ALICE=$(pandactl-sign keygen --out "$work/signer/alice.json" --light | jq -r .address)
echo "alice is $ALICE"

echo "# on the server: a signed ledger whose admin key stays on the server"
(cd "$work/server"
 pandactl-sign keygen --out admin.key --plain >/dev/null
 pandactl init --ledger "$LEDGER" --admin-key admin.key --chain-id prod | jq -c '{chain_id, admin}'
 pandactl fund --ledger "$LEDGER" --key admin.key --to "$ALICE" --amount 100 | jq -c '{op, to, amount}')

echo "# on the signer: sign requests for chain 'prod' without any ledger"
printf '%s\n' '{"op":"transfer","to":"bob","amount":"1.5"}' | sed "s/bob/0x000000000000000000000000000000000000b0b0/" \
  | pandactl-sign sign --key "$work/signer/alice.json" --chain-id prod > "$work/signed.jsonl"
jq -c '{from, nonce, chain, sig}' "$work/signed.jsonl"

echo "# copy signed.jsonl to the server; anyone can check it first"
pandactl-sign verify --chain-id prod < "$work/signed.jsonl" | jq -c .

echo "# on the server: apply; a second copy of the same file is refused (the nonce is spent)"
(cd "$work/server"
 pandactl --ledger "$LEDGER" < "$work/signed.jsonl" | jq -c '{type, op, seq, from}'
 if pandactl --ledger "$LEDGER" < "$work/signed.jsonl" 2>/dev/null | jq -c '{type, code}'; then exit 1; fi
 pandactl audit --ledger "$LEDGER" && echo "audit ok")
