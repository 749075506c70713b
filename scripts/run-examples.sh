#!/usr/bin/env bash
# Runs every example script on its own fresh temp ledger; an example that fails fails the suite.
set -uo pipefail
cd "$(dirname "$0")/.."
fail=0; n=0
for ex in examples/*.sh; do
  n=$((n+1))
  out=$(mktemp)
  if bash "$ex" >"$out" 2>&1; then
    echo "ok   $ex"
  else
    echo "FAIL $ex"; sed 's/^/     /' "$out" | tail -30; fail=1
  fi
  rm -f "$out"
done
echo "examples: $n run, $([ $fail = 0 ] && echo "all passed" || echo "some FAILED")"
python3 scripts/run-readme-tour.py README.md || fail=1
exit $fail
