#!/usr/bin/env bash
# The engine's own ceiling for a workload (issue 20), sourced by the bench scripts:
#   ceiling_seconds LEDGER  prints the seconds sqlite3 alone takes to write every row LEDGER holds (same
#   schema, same indexes, WAL + synchronous=FULL like the ledger) into a fresh database in ONE transaction:
#   no parsing, hashing, checks or receipts. No program keeping the same rows can be faster, so
#   ours / ceiling = ceiling seconds / our seconds is how close a workload runs to the engine's limit.
ceiling_seconds() {
  local src=$1 dir; dir=$(mktemp -d)
  command -v sqlite3 >/dev/null || apt-get install -y -qq sqlite3 >/dev/null 2>&1 || true
  sqlite3 "$src" .schema | grep -v '^CREATE TABLE sqlite_' > "$dir/schema.sql"
  { echo "PRAGMA journal_mode=WAL;"; echo "PRAGMA synchronous=FULL;"; cat "$dir/schema.sql"; } | sqlite3 "$dir/c.db" >/dev/null
  {
    echo "PRAGMA synchronous=FULL;"; echo "PRAGMA temp_store=MEMORY;"
    echo "ATTACH '$src' AS o;"; echo "BEGIN;"
    sqlite3 "$src" "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'" |
      while read -r t; do echo "INSERT INTO main.\"$t\" SELECT * FROM o.\"$t\";"; done
    echo "COMMIT;"
  } > "$dir/copy.sql"
  local a b; a=$(date +%s.%N); sqlite3 "$dir/c.db" < "$dir/copy.sql" >/dev/null; b=$(date +%s.%N)
  rm -rf "$dir"
  awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f\n", b - a }'
}

# ceiling_best LEDGER [ROUNDS]: the best of ROUNDS (default 3) ceiling_seconds runs.
ceiling_best() {
  local best="" s
  for _ in $(seq 1 "${2:-3}"); do
    s=$(ceiling_seconds "$1")
    best=$(awk -v x="$s" -v y="${best:-1e9}" 'BEGIN { print (x < y ? x : y) }')
  done
  echo "$best"
}

# ceiling_line LABEL OUR_SECONDS CEILING_SECONDS TARGET_PERCENT: one printed line.
ceiling_line() {
  awk -v l="$1" -v o="$2" -v c="$3" -v t="$4" 'BEGIN {
    printf "  ours / ceiling (%s): %.0f%%  (sqlite3 alone writing the same rows in one transaction: %.2f s; ours %.2f s; target >= %d%%)\n", l, 100 * c / o, c, o, t }'
}
