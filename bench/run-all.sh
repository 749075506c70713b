#!/usr/bin/env bash
# Every benchmark, each printing its figures next to its peers.
set -euo pipefail
cd "$(dirname "$0")"
for b in transfers.sh curve.sh json-reader.sh sign-verify.sh train.sh orders.sh audit.sh postgres.sh; do
  [ -f "$b" ] || continue
  echo "=== $b"; bash "$b"; echo
done
