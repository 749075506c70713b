#!/usr/bin/env bash
# lines/s of `pandactl-sign verify` over 20,000 signed request lines (release build), with 1 and 2
# threads, next to libsecp256k1's own recovery rate (through coincurve) and eth-account's
# recover_message on the same lines, in one run. ROUNDS (default 3) rounds alternate pandactl and the
# library and each side's best round counts, so that other load on the machine hurts both alike.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-20000}
python3 -c 'import coincurve, eth_account' 2>/dev/null || pip install -q coincurve eth-account >/dev/null 2>&1
swift build -c release --product pandactl-sign >/dev/null
BIN=$(swift build -c release --show-bin-path)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for i in $(seq 1 8); do "$BIN/pandactl-sign" keygen --out "$work/k$i" --plain >/dev/null; done
for i in $(seq 1 8); do
  python3 -c "
import sys
for j in range($N // 8):
    print('{\"op\":\"transfer\",\"to\":\"0x000000000000000000000000000000000000dEaD\",\"amount\":\"%d.%03d\",\"id\":\"k$i-%d\"}' % (j % 97, j % 1000, j))
" | "$BIN/pandactl-sign" sign --key "$work/k$i" --chain-id bench
done > "$work/signed.jsonl"
lines=$(wc -l < "$work/signed.jsonl")
python3 - "$work" "$BIN/pandactl-sign" "$lines" "${ROUNDS:-3}" <<'PY'
import json, os, subprocess, sys, time
from coincurve import PublicKey
from eth_account import Account
from eth_account.messages import encode_defunct
from eth_utils import keccak
work, sign, n, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
path = os.path.join(work, "signed.jsonl")
reqs = [json.loads(l) for l in open(path)]
texts, sigs, digests = [], [], []
for r in reqs:
    sig = r.pop("sig")
    text = json.dumps(r, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    texts.append(text); sigs.append(bytes.fromhex(sig[2:]))
    m = text.encode()
    digests.append(keccak(b"\x19Ethereum Signed Message:\n" + str(len(m)).encode() + m))
# The libsecp256k1 that pandactl links (the system's), called directly through ctypes: the fair
# "library alone" rate for our overhead. Digests precomputed; the ctypes call costs about 1 us.
import ctypes, ctypes.util
lib = ctypes.CDLL(ctypes.util.find_library("secp256k1") or "libsecp256k1.so.1")
lib.secp256k1_context_create.restype = ctypes.c_void_p
ctx = ctypes.c_void_p(lib.secp256k1_context_create(0x0301))
parse = lib.secp256k1_ecdsa_recoverable_signature_parse_compact
recover = lib.secp256k1_ecdsa_recover
ser = lib.secp256k1_ec_pubkey_serialize
sigbuf, pub, out, outlen = ctypes.create_string_buffer(65), ctypes.create_string_buffer(64), ctypes.create_string_buffer(65), ctypes.c_size_t(65)
def system_rate():
    s = time.perf_counter()
    for d, sig in zip(digests, sigs):
        parse(ctx, sigbuf, sig[:64], ctypes.c_int(sig[64] - 27))
        assert recover(ctx, pub, sigbuf, d) == 1
        outlen.value = 65
        ser(ctx, out, ctypes.byref(outlen), pub, 2)
    return len(sigs) / (time.perf_counter() - s)
def ours_rate(jobs, outfile):
    with open(path, "rb") as inp, open(outfile, "wb") as o:
        s = time.perf_counter()
        subprocess.run([sign, "verify", "--chain-id", "bench", "--jobs", str(jobs)], stdin=inp, stdout=o, check=True)
        return n / (time.perf_counter() - s)
best = {"ours1": 0, "ours2": 0, "system": 0}
per_round = []
for r in range(rounds):
    o1 = ours_rate(1, os.path.join(work, "v1.out")); sy = system_rate(); o2 = ours_rate(2, os.path.join(work, "v2.out"))
    per_round.append((o1, sy, o2))
    best["ours1"] = max(best["ours1"], o1); best["system"] = max(best["system"], sy); best["ours2"] = max(best["ours2"], o2)
v1, v2 = open(os.path.join(work, "v1.out"), "rb").read(), open(os.path.join(work, "v2.out"), "rb").read()
if v1 != v2:
    sys.exit("--jobs 2 output differs from --jobs 1")
ok1 = v1.count(b'"ok":true'); ok2 = v2.count(b'"ok":true')
# coincurve bundles its own (newer, differently built) libsecp256k1
s = time.perf_counter()
for d, sig in zip(digests, sigs):
    PublicKey.from_signature_and_message(sig[:64] + bytes([sig[64] - 27]), d, hasher=None)
secp = len(sigs) / (time.perf_counter() - s)
s = time.perf_counter()
good = 0
for r, text, sig in zip(reqs, texts, sigs):
    good += Account.recover_message(encode_defunct(text=text), signature=sig) == r["from"]
ea = len(sigs) / (time.perf_counter() - s)
ours1, ours2, system = best["ours1"], best["ours2"], best["system"]
print(f"signature verification: {n} signed request lines, 2 cores, best of {rounds} alternating rounds; load {os.getloadavg()[0]:.2f}")
for i, (o1, sy, o2) in enumerate(per_round, 1):
    print(f"  round {i}: pandactl {o1:.0f}, libsecp256k1 {sy:.0f} ({o1 / sy * 100:.0f}%), --jobs 2 {o2:.0f} lines/s")
print(f"  {'':52} {'lines/s':>10} {'verified':>9}")
print(f"  {'pandactl-sign verify (parse, JCS, EIP-191, recover)':52} {ours1:10.0f} {ok1:9d}")
print(f"  {'pandactl-sign verify --jobs 2':52} {ours2:10.0f} {ok2:9d}")
print(f"  {'system libsecp256k1 recovery alone (ctypes)':52} {system:10.0f} {len(sigs):9d}")
print(f"  {'coincurve recovery alone (its own libsecp256k1)':52} {secp:10.0f} {len(sigs):9d}")
print(f"  {'eth-account recover_message':52} {ea:10.0f} {good:9d}")
print(f"  single core: {ours1 / system * 100:.0f}% of the linked libsecp256k1's recovery rate (target >= 90%), "
      f"{ours1 / secp * 100:.0f}% of coincurve's; --jobs 2 speedup {ours2 / ours1:.2f}x")
PY
