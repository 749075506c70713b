#!/usr/bin/env bash
# The train -> mint pipeline: a data contributor's rows improve FraudNet; the retraining's "trained"
# record (with improvement_bps and contributor) flows straight into pandactl-mint, whose verifier
# rewards the contributor with newly minted tokens; a provenance record keeps H(D) of the data.
set -euo pipefail
work=$(mktemp -d "${TMPDIR:-/tmp}/pandactl-mint.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
export PANDA_LEDGER="${PANDA_EXAMPLE_LEDGER:-$work/panda.db}"  # or an empty ledger named by $PANDA_EXAMPLE_LEDGER, e.g. a postgresql:// URL
pandactl init --auth open --chain-id mint-demo | jq -c '{chain_id}'
printf '{"op":"fund","to":"%s","amount":"1000"}\n' owner holder | pandactl >/dev/null
pandactl-curve create --from owner --symbol FNET --name FraudNet | jq -c '{symbol}'
pandactl-curve buy --from holder --symbol FNET --amount 1000 | jq -c '{op, amount, price}'
pandactl-mint verifier --from owner --symbol FNET --account verifier | jq -c '{verifiers}'

gen() {  # rows of y = 3·x1 − x2 + noise; more noise in the owner's old data than in the contributor's
  python3 -c '
import random, sys
r = random.Random(int(sys.argv[1])); noise = float(sys.argv[2])
for _ in range(int(sys.argv[3])):
    a, b = r.uniform(-5, 5), r.uniform(-5, 5)
    print("{\"features\":[%.5f,%.5f],\"label\":%.5f}" % (a, b, 3*a - b + r.gauss(0, noise)))' "$@"
}
echo "# version 1: the owner's noisy data"
gen 1 4.0 2000 | pandactl-train --from owner --symbol FNET | jq -c '{version, r2: (.r2*1000|floor/1000), improvement_bps}'
echo "# version 2: dana's cleaner data; the trained record goes straight to the verifier's mint"
gen 2 1.0 2000 > dana.jsonl
pandactl-train --from owner --symbol FNET --contributor dana < dana.jsonl | tee trained.jsonl \
  | pandactl-mint improvement - --from verifier | jq -c '{op, contributor, bps, reward, capped, supply, price}'
jq -c '{version, r2: (.r2*1000|floor/1000), improvement_bps, contributor}' trained.jsonl
echo "# retraining on the same data improves nothing: no reward (below the 100 bps threshold)"
pandactl-train --from owner --symbol FNET --contributor dana < dana.jsonl | pandactl-mint improvement - --from verifier 2>/dev/null | jq -c '{code}' || true
echo "# provenance: the data's hash, quality and the improvement, owned by dana"
HASH=$(python3 -c 'import hashlib,sys; print("0x" + hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' dana.jsonl)
pandactl-mint provenance --from verifier --symbol FNET --contributor dana --data-hash "$HASH" --quality 0.9 \
  --delta "$(jq -r .improvement_bps trained.jsonl)" | jq -c '{nft_id, contributor, quality, delta}'
pandactl-mint provenance --list --contributor dana | jq -c '{nft_id, symbol, data_hash}'
pandactl balance --account dana | jq -c '{tokens}'
pandactl stats --symbol FNET | jq -c '{total_supply, minted, improvements, improvement_bps}'
pandactl audit && echo "audit ok"
