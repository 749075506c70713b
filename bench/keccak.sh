#!/usr/bin/env bash
# Keccak-256 MB/s: ours (Sources/PandaCrypto/Keccak.swift) against a sponge over nettle's Keccak-f[1600]
# permutation (nettle_sha3_permute), same input, same build flags (swiftc -O), a few rounds.
# Issue 18: the sponge moves to nettle only if it is at least as fast as ours.
#   bench/keccak.sh [ROUNDS]      (default 5; needs nettle-dev: scripts/deps.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
swiftc -O -module-name KeccakBench -I Sources/CNettle -lnettle -module-cache-path "$work/mc" \
  Sources/PandaCrypto/Keccak.swift bench/keccak/main.swift -o "$work/keccak-bench" 2>&1 | grep -v '^$' >&2 || true
[ -x "$work/keccak-bench" ] || { echo "keccak bench: build failed" >&2; exit 1; }
echo "load: $(uptime | sed 's/.*load average/load average/')"
"$work/keccak-bench" "${1:-5}"
