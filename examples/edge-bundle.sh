#!/usr/bin/env bash
# The edge round trip: a model trained on the ledger machine is exported as a signed bundle, served on an
# edge device (a Jetson) with no ledger at all, which writes signed usage receipts; back on the ledger
# machine the receipts are settled, each exactly once, paying the model's holders.
set -euo pipefail
work=$(mktemp -d "${TMPDIR:-/tmp}/pandactl-edge.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/server" "$work/device"
cd "$work/server"
export PANDA_LEDGER="${PANDA_EXAMPLE_LEDGER:-$work/server/panda.db}"  # or an empty ledger named by $PANDA_EXAMPLE_LEDGER, e.g. a postgresql:// URL

echo "# on the server: a signed ledger, the model owner, a holder, and the device's key (made on the device)"
for who in admin owner holder; do pandactl-sign keygen --out "$who.key" >/dev/null; done
(cd "$work/device" && pandactl-sign keygen --out device.key | jq -c '{address}')
DEVICE=$(pandactl-sign address --key "$work/device/device.key" | jq -r .address)
pandactl init --admin-key admin.key --chain-id edge-demo | jq -c '{chain_id, auth}'
for who in owner holder; do pandactl fund --key admin.key --to "$(pandactl-sign address --key $who.key | jq -r .address)" --amount 100 >/dev/null; done
pandactl fund --key admin.key --to "$DEVICE" --amount 5 | jq -c '{op, to, amount}'
pandactl-curve create --key owner.key --symbol VISN --name VisionNet --inference-fee 0.05 | jq -c '{symbol, inference_fee}'
pandactl-curve buy --key holder.key --symbol VISN --amount 50 | jq -c '{op, amount, cost}'

echo "# train (ridge regression on generated rows) and export the signed bundle"
python3 -c '
import random
r = random.Random(3)
for _ in range(5000):
    x = [r.uniform(-1, 1) for _ in range(4)]
    print("{\"features\":[%s],\"label\":%.6f}" % (",".join("%.6f" % v for v in x), 3*x[0] - 2*x[1] + x[2]*x[3] + 0.5 + r.gauss(0, 0.05)))
' > rows.jsonl
pandactl-train --key owner.key --symbol VISN --algo ridge --alpha 0.5 < rows.jsonl | jq -c '{version, algo, rows, r2: (.r2 * 1000 | floor / 1000)}'
pandactl-train export --key owner.key --symbol VISN --out "$work/device/visn.tar.zst" | jq -c '{type, symbol, version, compression}'

echo "# on the device: no ledger; the bundle is verified (hashes, owner's signature) before it serves"
cd "$work/device"
printf '%s\n' '{"features":[0.1,0.2,0.3,0.4]}' '{"features":[-0.5,0.5,0.0,1.0]}' '{"features":[[1,1,1,1],[0,0,0,0]]}' > requests.jsonl
pandactl-predict --bundle visn.tar.zst --receipts usage.jsonl --key device.key < requests.jsonl | jq -c '{prediction, fee}'
echo "receipts written: $(wc -l < usage.jsonl) (signed requests; the nonce is the receipt number)"
echo "# a tampered bundle is refused"
cp visn.tar.zst bad.tar.zst; printf '\x00' | dd of=bad.tar.zst bs=1 seek=200 conv=notrunc 2>/dev/null
if pandactl-predict --bundle bad.tar.zst < requests.jsonl 2>/dev/null | jq -c '{type, code}'; then exit 1; fi

echo "# back on the server: settle the receipts; the holder's dividends grow; a second settle changes nothing"
cd "$work/server"
pandactl-predict settle --input "$work/device/usage.jsonl" | jq -c '{op, receipt: (.receipt|tostring|.[-3:]), fee}'
pandactl balance --account "$(pandactl-sign address --key holder.key | jq -r .address)" | jq -c '{owed}'
if pandactl-predict settle --input "$work/device/usage.jsonl" 2>/dev/null | jq -c '{code}' | sort | uniq -c; then exit 1; fi
pandactl audit && echo "audit ok"
