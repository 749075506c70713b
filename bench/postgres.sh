#!/usr/bin/env bash
# pandactl on PostgreSQL (issue 17), in one run: transfers and curve buy/sell, N lines each (default
# 100,000), on a throw-away local server (scripts/pg.sh; unix socket, fsync on), against the Python peers
# (bench/transfer_peer.py, bench/curve_peer.py) writing the same rows with psycopg 3 and the same grouping
# (one transaction per 8,000 lines, the writers' lock taken per transaction), with the SQLite figures of
# both beside them. Then N transfers split over 8 concurrent writer processes on each engine, and the
# engine's own ceiling on PostgreSQL: COPY of every row the last transfer and curve runs left into a
# fresh database with the same schema and indexes, in one transaction. ROUNDS rounds (default 3) on
# fresh ledgers, the best round of each side compared. Release build. Installs postgresql and
# psycopg[binary] when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
ROUNDS=${ROUNDS:-3}
WRITERS=${WRITERS:-8}
bash scripts/deps.sh >/dev/null
python3 -c 'import psycopg' 2>/dev/null || pip install -q 'psycopg[binary]' >/dev/null 2>&1 ||
  { echo "postgres.sh: pip could not install psycopg[binary]" >&2; exit 69; }
swift build -c release --product pandactl >/dev/null
swift build -c release --product pandactl-curve >/dev/null
BIN=${BIN:-$(swift build -c release --show-bin-path)}
work=$(mktemp -d); server=""
cleanup() { [ -n "$server" ] && bash scripts/pg.sh stop "$server"; rm -rf "$work"; }
trap cleanup EXIT
server=$(bash scripts/pg.sh start)
newdb() {  # a fresh database on the server; prints its URL (called in subshells: the name is not a counter)
  local name="bench_$(date +%s%N)"
  psql "$(bash scripts/pg.sh url "$server")" -qAtc "CREATE DATABASE $name" >/dev/null
  bash scripts/pg.sh url "$server" "$name"
}
source bench/common.sh

transfer_lines "$N" > "$work/transfers.jsonl"
curve_lines "$N" > "$work/curve.jsonl"
# Writer w of WRITERS takes lines w, w+WRITERS, ... (transfers commute when every line applies).
for w in $(seq 0 $((WRITERS - 1))); do awk -v w="$w" -v k="$WRITERS" '(NR - 1) % k == w' "$work/transfers.jsonl" > "$work/part$w.jsonl"; done

ours_setup() {  # $1 ledger, $2 workload: the same funded accounts (and FNET) as the peers'
  "$BIN/pandactl" init --auth open --ledger "$1" --chain-id bench >/dev/null
  if [ "$2" = transfers ]; then
    for i in $(seq 0 99); do echo "{\"op\":\"fund\",\"to\":\"acct$i\",\"amount\":\"1000000\"}"; done | "$BIN/pandactl" --ledger "$1" >/dev/null
  else
    for i in $(seq 0 49); do echo "{\"op\":\"fund\",\"to\":\"acct$i\",\"amount\":\"1000000000\"}"; done | "$BIN/pandactl" --ledger "$1" >/dev/null
    "$BIN/pandactl-curve" create --symbol FNET --name FraudNet --ledger "$1" >/dev/null
  fi
}
peer_setup() {
  if [ "$2" = transfers ]; then python3 bench/transfer_peer.py "$1" < /dev/null; else python3 bench/curve_peer.py "$1" < /dev/null; fi
  python3 - "$1" "$2" <<'PY'
import sys; sys.path.insert(0, "bench"); import peer_db
db = peer_db.connect(sys.argv[1]); db.begin()
if sys.argv[2] == "transfers":
    db.executemany("INSERT INTO accounts VALUES (?, ?, 0)", [("acct%d" % i, str(10**24)) for i in range(100)])
else:
    db.executemany("INSERT INTO accounts VALUES (?, ?, 0)", [("acct%d" % i, 1e9) for i in range(50)])
    db.execute("INSERT INTO models VALUES ('FNET', 'FraudNet', 'admin', 1000000.0, 0, 0.0)")
db.commit()
PY
}
ledger() {  # $1 engine: a fresh ledger location
  if [ "$1" = postgresql ]; then newdb; else mktemp -u "$work/ledger.XXXXXX.db"; fi
}
receipts() { grep -c '"type": *"receipt"' "$1" || true; }

declare -A best applied last_pg
failures=""
for r in $(seq 1 "$ROUNDS"); do
  for w in transfers curve; do
    program=pandactl; [ "$w" = curve ] && program=pandactl-curve
    peer=bench/transfer_peer.py; [ "$w" = curve ] && peer=bench/curve_peer.py
    for engine in postgresql sqlite; do
      l=$(ledger "$engine"); ours_setup "$l" "$w"
      t0=$(now); "$BIN/$program" --ledger "$l" --input "$work/$w.jsonl" > "$work/out" 2>"$work/err" || failures="$failures $w/$engine/ours"; t1=$(now)
      best[$w.$engine.ours]=$(least "$(elapsed "$t0" "$t1")" "${best[$w.$engine.ours]:-}"); applied[$w.$engine.ours]=$(receipts "$work/out")
      "$BIN/pandactl" audit --ledger "$l" >/dev/null || failures="$failures $w/$engine/audit"
      [ "$engine" = postgresql ] && last_pg[$w]=$l
      l=$(ledger "$engine"); peer_setup "$l" "$w"
      t0=$(now); python3 "$peer" "$l" < "$work/$w.jsonl" > "$work/out" || failures="$failures $w/$engine/peer"; t1=$(now)
      best[$w.$engine.peer]=$(least "$(elapsed "$t0" "$t1")" "${best[$w.$engine.peer]:-}"); applied[$w.$engine.peer]=$(receipts "$work/out")
    done
  done
  # The same transfers from WRITERS processes at once (each its own stream, the ledger's lock between them).
  for engine in postgresql sqlite; do
    l=$(ledger "$engine"); ours_setup "$l" transfers
    t0=$(now)
    for w in $(seq 0 $((WRITERS - 1))); do
      ("$BIN/pandactl" --ledger "$l" --busy-timeout 60s --input "$work/part$w.jsonl" > "$work/w$w.out" 2>&1 || echo "writer $w exited $?" >> "$work/w.fail") &
    done
    wait; t1=$(now)
    best[writers.$engine]=$(least "$(elapsed "$t0" "$t1")" "${best[writers.$engine]:-}")
    applied[writers.$engine]=$(cat "$work"/w*.out | receipts /dev/stdin)
    [ -s "$work/w.fail" ] && failures="$failures writers/$engine($(tr '\n' ' ' < "$work/w.fail"))" && rm -f "$work/w.fail"
    "$BIN/pandactl" audit --ledger "$l" >/dev/null || failures="$failures writers/$engine/audit"
  done
done

# PostgreSQL's own ceiling: the rows the last run of a workload left, COPYed into a fresh database with the
# same schema and indexes in one transaction (no parsing, hashing, checks or receipts).
pg_ceiling() {
  local src=$1 dst tables t a b
  tables=$(psql "$src" -qAtc "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
  for t in $tables; do psql "$src" -qAtc "\\copy \"$t\" TO '$work/copy.$t'"; done
  dst=$(newdb)
  pg_dump --schema-only --no-owner "$src" | psql "$dst" -q >/dev/null
  { echo "BEGIN;"; for t in $tables; do echo "\\copy \"$t\" FROM '$work/copy.$t'"; done; echo "COMMIT;"; } > "$work/copy.sql"
  a=$(now); psql "$dst" -q -v ON_ERROR_STOP=1 -f "$work/copy.sql" >/dev/null; b=$(now)
  elapsed "$a" "$b"
}
declare -A pg_ceil
for w in transfers curve; do
  for _ in 1 2 3; do pg_ceil[$w]=$(least "$(pg_ceiling "${last_pg[$w]}")" "${pg_ceil[$w]:-}"); done
done
source bench/ceiling.sh
sqlite_ceil=$(l=$(ledger sqlite); ours_setup "$l" transfers; "$BIN/pandactl" --ledger "$l" --input "$work/transfers.jsonl" >/dev/null; ceiling_best "$l")

printf 'postgres: %d lines per workload, PostgreSQL %s on a unix socket (fsync on), %d cores, best of %d rounds\n' \
  "$N" "$(psql "$(bash scripts/pg.sh url "$server")" -qAtc 'SHOW server_version' | cut -d' ' -f1)" "$(nproc)" "$ROUNDS"
printf '  %-46s %9s %10s %9s\n' "" seconds "lines/s" applied
row() { awk -v l="$1" -v s="$2" -v n="$N" -v a="$3" 'BEGIN { printf "  %-46s %9.2f %10.0f %9d\n", l, s, n / s, a }'; }
for w in transfers curve; do
  row "$w: pandactl on PostgreSQL" "${best[$w.postgresql.ours]}" "${applied[$w.postgresql.ours]}"
  row "$w: python3 psycopg 3 peer on PostgreSQL" "${best[$w.postgresql.peer]}" "${applied[$w.postgresql.peer]}"
  row "$w: pandactl on SQLite" "${best[$w.sqlite.ours]}" "${applied[$w.sqlite.ours]}"
  row "$w: python3 sqlite3 peer on SQLite" "${best[$w.sqlite.peer]}" "${applied[$w.sqlite.peer]}"
done
row "transfers, $WRITERS writers at once: PostgreSQL" "${best[writers.postgresql]}" "${applied[writers.postgresql]}"
row "transfers, $WRITERS writers at once: SQLite" "${best[writers.sqlite]}" "${applied[writers.sqlite]}"
for w in transfers curve; do
  awk -v w="$w" -v o="${best[$w.postgresql.ours]}" -v p="${best[$w.postgresql.peer]}" -v n="$N" 'BEGIN {
    printf "  %s on PostgreSQL: %.2fx the psycopg peer (target >= 2x), %.0f requests/s (target >= 10,000)\n", w, p / o, n / o }'
done
awk -v o="${best[transfers.postgresql.ours]}" -v c="${pg_ceil[transfers]}" -v so="${best[transfers.sqlite.ours]}" -v sc="$sqlite_ceil" 'BEGIN {
  printf "  ours / ceiling (transfers): PostgreSQL %.0f%% (COPY of the same rows in one transaction: %.2f s; ours %.2f s); SQLite %.0f%% (%.2f s; ours %.2f s)\n", 100 * c / o, c, o, 100 * sc / so, sc, so }'
awk -v o="${best[curve.postgresql.ours]}" -v c="${pg_ceil[curve]}" 'BEGIN {
  printf "  ours / ceiling (curve): PostgreSQL %.0f%% (COPY of the same rows in one transaction: %.2f s; ours %.2f s)\n", 100 * c / o, c, o }'
for k in transfers.postgresql.ours transfers.postgresql.peer transfers.sqlite.ours curve.postgresql.ours curve.postgresql.peer curve.sqlite.ours writers.postgresql writers.sqlite; do
  [ "${applied[$k]}" = "$N" ] || failures="$failures $k:applied=${applied[$k]}"
done
if [ -n "$failures" ]; then echo "  FAILED:$failures"; exit 1; fi
echo "  every run applied all $N lines; every pandactl ledger audits clean"
