#!/usr/bin/env bash
# `make jetson-smoke`: runs the aarch64 tarball (dist/pandactl-VERSION-linux-aarch64.tar.gz) under
# qemu-aarch64-static -cpu cortex-a57 (ARMv8.0, the oldest Jetson core) and compares it with the host build:
#   1. `file` must call every program an ELF 64-bit ARM aarch64 statically linked executable;
#   2. `NAME --version` of every program name (through the tarball's links: dispatch on argv[0]);
#   3. examples/quickstart.sh (or a small built-in pipeline while it does not exist) with PATH pointing
#      at wrappers that run the aarch64 binary under QEMU, then again with the host programs, and the
#      two outputs compared after removing volatile fields (timestamps, tx ids, hashes, signatures,
#      chain ids, temp paths). Any difference fails, with a diff;
#   4. the cryptography across builds (nettle, libsodium, libzstd, libsecp256k1 of bookworm on the host,
#      of trixie in the static binary): a keystore (scrypt, AES-128-CTR) and a signed model bundle made by
#      one are read by the other, predictions equal, a bundle with one flipped byte refused by both.
# Environment: SWIFT (host swift), PANDACTL_HOST_BIN (host programs; default `swift build --show-bin-path`),
# PANDACTL_JETSON_TARBALL (default dist/pandactl-VERSION-linux-aarch64.tar.gz), PANDACTL_SMOKE_EXAMPLE
# (a pipeline script to run instead of examples/quickstart.sh), KEEP=1 keeps the temp dir.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SWIFT=${SWIFT:-swift}
QEMU=(qemu-aarch64-static -cpu cortex-a57)
PROGRAMS=(pandactl pandactl-curve pandactl-train pandactl-predict pandactl-orders pandactl-ohlc
          pandactl-index pandactl-mint pandactl-burn pandactl-sign)
VERSION=$(sed -n '/enum PandaVersion/,/^}/s/.*static let string *= *"\([^"]*\)".*/\1/p' Sources/PandaCLI/Programs.swift | head -1)
TARBALL=${PANDACTL_JETSON_TARBALL:-dist/pandactl-$VERSION-linux-aarch64.tar.gz}
HOST_BIN=${PANDACTL_HOST_BIN:-$("$SWIFT" build --show-bin-path)}

fail() { echo "jetson-smoke: FAIL: $*" >&2; exit 1; }
command -v qemu-aarch64-static >/dev/null || fail "qemu-aarch64-static missing (scripts/jetson-sdk.sh installs it)"
command -v python3 >/dev/null || fail "python3 missing (scripts/deps.sh installs it)"
[ -f "$TARBALL" ] || fail "$TARBALL missing: run 'make jetson' first"
for p in "${PROGRAMS[@]}"; do [ -x "$HOST_BIN/$p" ] || fail "host program $HOST_BIN/$p missing: run 'make build'"; done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/pandactl-jetson-smoke.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then echo "jetson-smoke: keeping $TMP"; else trap 'rm -rf "$TMP"' EXIT; fi

# ------------------------------------------------------------------ 1. the tarball and `file`
BYTES=$(stat -c %s "$TARBALL")
echo "== $TARBALL: $BYTES bytes ($(awk -v b="$BYTES" 'BEGIN{printf "%.1f", b/1048576}') MB)"
[ "$BYTES" -le $((30 * 1024 * 1024)) ] || fail "tarball larger than 30 MB"
mkdir -p "$TMP/pkg"; tar -xzf "$TARBALL" -C "$TMP/pkg"
[ -f "$TMP/pkg/INSTALL" ] || fail "INSTALL missing from the tarball"
echo "== file"
for p in "${PROGRAMS[@]}"; do
  f="$TMP/pkg/bin/$p"
  [ -e "$f" ] || fail "bin/$p missing from the tarball"
  desc=$(file -L -b "$f")
  echo "$p: $desc"
  [[ "$desc" == "ELF 64-bit"*"ARM aarch64"*"statically linked"* ]] || fail "bin/$p is not a static aarch64 executable"
done

# ------------------------------------------------------------------ 2. --version of every name
echo "== --version under ${QEMU[*]}"
for p in "${PROGRAMS[@]}"; do
  out=$("${QEMU[@]}" "$TMP/pkg/bin/$p" --version 2>&1) || fail "$p --version exited $?: $out"
  echo "$p --version: $out"
  [ "$out" = "$VERSION" ] || fail "$p --version printed '$out', expected '$VERSION'"
done

# ------------------------------------------------------------------ 3. the pipeline, aarch64 vs host
# The multicall binary sits alone in its directory, so `pandactl NAME` (which looks beside itself, then on
# PATH) finds the wrappers below rather than aarch64 links the kernel cannot exec without binfmt_misc.
mkdir -p "$TMP/aarch64" "$TMP/wrappers"
cp "$TMP/pkg/bin/pandactl" "$TMP/aarch64/pandactl-multicall"
for p in "${PROGRAMS[@]}"; do
  printf '#!/bin/sh\nexec qemu-aarch64-static -cpu cortex-a57 -0 %s "%s" "$@"\n' "$p" "$TMP/aarch64/pandactl-multicall" \
    > "$TMP/wrappers/$p"
  chmod +x "$TMP/wrappers/$p"
done

EXAMPLE=${PANDACTL_SMOKE_EXAMPLE:-}
if [ -z "$EXAMPLE" ] && [ -f examples/quickstart.sh ]; then EXAMPLE=examples/quickstart.sh; fi
if [ -z "$EXAMPLE" ]; then
  EXAMPLE=$TMP/pipeline.sh          # until examples/quickstart.sh exists
  cat > "$EXAMPLE" <<'EOF'
set -euo pipefail
work=$(mktemp -d "${TMPDIR:-/tmp}/smoke.XXXXXX"); export PANDA_LEDGER="$work/panda.db"
pandactl init --auth open --chain-id smoke
pandactl fund --to alice --amount 100
printf '%s\n' '{"op":"transfer","from":"alice","to":"bob","amount":"2.5"}' \
              '{"op":"transfer","from":"alice","to":"bob","amount":"1000"}' | pandactl || echo "exit $?"
pandactl balance --account bob
pandactl accounts --format table
pandactl log
pandactl audit && echo "audit ok"
EOF
fi
echo "== pipeline: $EXAMPLE"

run_pipeline() {  # LABEL BIN_DIR: runs the example with BIN_DIR first on PATH and its own TMPDIR
  local label=$1 dir=$2 status=0
  mkdir -p "$TMP/tmp-$label"
  ( cd "$TMP" && env PATH="$dir:$PATH" TMPDIR="$TMP/tmp-$label" PANDA_LEDGER= PANDA_KEY= PANDA_PASSPHRASE= \
      bash "$EXAMPLE" ) > "$TMP/$label.out" 2>&1 < /dev/null || status=$?
  echo "(exit status $status)" >> "$TMP/$label.out"
  echo "$label: exit status $status, $(wc -l < "$TMP/$label.out") lines"
  [ "$status" = 0 ] || { tail -20 "$TMP/$label.out" >&2; fail "the pipeline failed on $label"; }
}
case "$EXAMPLE" in /*) ;; *) EXAMPLE=$ROOT/$EXAMPLE ;; esac
for p in "${PROGRAMS[@]}"; do   # the example must find the wrappers, not host programs
  [ "$(env PATH="$TMP/wrappers:$PATH" bash -c 'command -v "$1"' _ "$p")" = "$TMP/wrappers/$p" ] || fail "$p does not resolve to its QEMU wrapper"
done
T0=$(date +%s); run_pipeline aarch64 "$TMP/wrappers"; echo "   (under QEMU: $(( $(date +%s) - T0 ))s)"
run_pipeline host "$HOST_BIN"

normalize() {  # FILE TMPDIR -> normalized text on stdout
  python3 - "$1" "$2" <<'EOF'
import json, re, sys
path, tmpdir = sys.argv[1], sys.argv[2]
VOLATILE = {"ts", "time", "timestamp", "tx", "hash", "prev_hash", "prev", "sig", "signature", "chain_id",
            "elapsed", "elapsed_ms", "duration_ms", "created", "created_at",
            # versions of the linked C libraries: the host's (bookworm) vs the sysroot's (trixie)
            "sqlite", "libarchive", "secp256k1"}
hexes = {}
def hexsub(m):
    return hexes.setdefault(m.group(0).lower(), "<hex%d>" % (len(hexes) + 1))
def redact(v):
    if isinstance(v, dict):
        return {k: ("<%s>" % k if k in VOLATILE else redact(x)) for k, x in v.items()}
    if isinstance(v, list):
        return [redact(x) for x in v]
    return v
for line in open(path, encoding="utf-8", errors="replace").read().splitlines():
    line = re.sub(re.escape(tmpdir) + r"/[^/\"\s]*", "<tmp>", line)
    try:
        obj = json.loads(line)
        if isinstance(obj, (dict, list)):
            line = json.dumps(redact(obj), ensure_ascii=False, separators=(",", ":"))
    except ValueError:
        pass
    line = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", "<ts>", line)
    line = re.sub(r"0x[0-9a-fA-F]{40,}", hexsub, line)   # addresses, keys, hashes: same pattern of equality
    print(line)
EOF
}
normalize "$TMP/aarch64.out" "$TMP/tmp-aarch64" > "$TMP/aarch64.norm"
normalize "$TMP/host.out" "$TMP/tmp-host" > "$TMP/host.norm"
if ! diff -u --label "host ($HOST_BIN)" --label "aarch64 (qemu cortex-a57)" "$TMP/host.norm" "$TMP/aarch64.norm"; then
  fail "the aarch64 build's output differs from the host build's (above, after removing volatile fields)"
fi

# ------------------------------------------------------------------ 4. keystores and bundles across builds
echo "== keystores and bundles: host <-> aarch64"
X=$TMP/cross; mkdir -p "$X"
side_dir() { [ "$1" = host ] && echo "$HOST_BIN" || echo "$TMP/wrappers"; }
on() { local d; d=$(side_dir "$1"); shift; ( cd "$X" && env PATH="$d:$PATH" PANDA_LEDGER="$X/$SIDE.db" PANDA_KEY= PANDA_PASSPHRASE=smoke-pass "$@" ); }
python3 -c '
import random
r = random.Random(5)
for _ in range(40):
    x = [r.uniform(-1, 1) for _ in range(3)]
    print("{\"features\":[%s],\"label\":%.6f}" % (",".join("%.6f" % v for v in x), 2*x[0] - x[1] + 0.5*x[2] + 1))
' > "$X/rows.jsonl"
printf '%s\n' '{"features":[0.1,0.2,0.3]}' '{"features":[-1,0.5,2]}' > "$X/ask.jsonl"
for SIDE in host aarch64; do
  OTHER=$([ "$SIDE" = host ] && echo aarch64 || echo host)
  addr=$(on "$SIDE" pandactl-sign keygen --light --out "$SIDE.key" | python3 -c 'import json,sys; print(json.load(sys.stdin)["address"])')
  theirs=$(on "$OTHER" pandactl-sign address --key "$SIDE.key" | python3 -c 'import json,sys; print(json.load(sys.stdin)["address"])')
  [ "$addr" = "$theirs" ] || fail "$OTHER reads $SIDE's keystore as $theirs, not $addr"
  on "$SIDE" pandactl init --auth open --chain-id smoke >/dev/null
  on "$SIDE" pandactl-curve create --symbol XS --from owner >/dev/null
  on "$SIDE" pandactl-train --symbol XS --from owner < "$X/rows.jsonl" >/dev/null
  on "$SIDE" pandactl-train export --symbol XS --key "$SIDE.key" --out "$SIDE.tar.zst" >/dev/null
  mine=$(on "$SIDE" pandactl-predict --bundle "$SIDE.tar.zst" < "$X/ask.jsonl")
  other=$(on "$OTHER" pandactl-predict --bundle "$SIDE.tar.zst" < "$X/ask.jsonl")
  [ "$mine" = "$other" ] || fail "$OTHER serves $SIDE's bundle differently: $other vs $mine"
  python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[len(b) // 3] ^= 4; open(sys.argv[2], "wb").write(b)' \
    "$X/$SIDE.tar.zst" "$X/$SIDE-flipped.tar.zst"
  for who in "$SIDE" "$OTHER"; do
    status=0; on "$who" pandactl-predict --bundle "$SIDE-flipped.tar.zst" < "$X/ask.jsonl" >/dev/null 2>&1 || status=$?
    [ "$status" = 77 ] || fail "$who took $SIDE's bundle with a flipped byte (exit $status)"
  done
  echo "$SIDE keystore read by $OTHER ($addr); $SIDE bundle ($(stat -c %s "$X/$SIDE.tar.zst") bytes) served alike by both, a flipped byte refused by both"
done

echo "== jetson-smoke: OK — $(grep -c . "$TMP/host.norm") output lines identical (volatile fields aside) on aarch64 and host"
