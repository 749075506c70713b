#!/usr/bin/env bash
# Runs every example script on its own fresh temp ledger; an example that fails fails the suite.
#   scripts/run-examples.sh               each on a new SQLite file, then the README's tour
#   scripts/run-examples.sh --postgresql  each on a new database of the server in $PANDA_PG_DIR
#                                         (scripts/pg.sh run sets it), through $PANDA_EXAMPLE_LEDGER
set -uo pipefail
cd "$(dirname "$0")/.."
engine=sqlite
if [ "${1:-}" = --postgresql ]; then
  engine=postgresql
  [ -n "${PANDA_PG_DIR:-}" ] || { echo "run-examples.sh --postgresql: no server (run it under scripts/pg.sh run)" >&2; exit 64; }
fi
fail=0; n=0
for ex in examples/*.sh; do
  n=$((n+1))
  out=$(mktemp)
  unset PANDA_EXAMPLE_LEDGER
  if [ $engine = postgresql ]; then
    db="example_${n}_$$"
    psql "$(bash scripts/pg.sh url "$PANDA_PG_DIR")" -qAtc "CREATE DATABASE $db" >/dev/null
    export PANDA_EXAMPLE_LEDGER
    PANDA_EXAMPLE_LEDGER=$(bash scripts/pg.sh url "$PANDA_PG_DIR" "$db")
  fi
  if bash "$ex" >"$out" 2>&1; then
    echo "ok   $ex ($engine)"
  else
    echo "FAIL $ex ($engine)"; sed 's/^/     /' "$out" | tail -30; fail=1
  fi
  rm -f "$out"
done
echo "examples on $engine: $n run, $([ $fail = 0 ] && echo "all passed" || echo "some FAILED")"
if [ $engine = sqlite ]; then python3 scripts/run-readme-tour.py README.md || fail=1; fi
exit $fail
