#!/usr/bin/env bash
# A throw-away PostgreSQL server for tests and benchmarks, on a unix socket in its own directory.
#   scripts/pg.sh start [DIR]   initdb + start (DIR default: a new temp dir); prints DIR on stdout
#   scripts/pg.sh url DIR [DB]  the ledger URL of database DB (default postgres) on that server
#   scripts/pg.sh replica PRIMARY_DIR [DIR]
#                               a streaming replica (hot standby, read-only) of the server in PRIMARY_DIR,
#                               on its own socket in DIR (default: a new temp dir); prints DIR
#   scripts/pg.sh crash DIR     stops the server at once (pg_ctl stop -m immediate), as a crash would
#   scripts/pg.sh restart DIR   starts the server of DIR again (after crash)
#   scripts/pg.sh stop DIR      stops the server (or replica) and removes DIR
#   scripts/pg.sh run CMD...    start, run CMD with PANDA_PG_URL (the server's postgres database) and
#                               PANDA_PG_DIR set, always stop (trap); exits with CMD's status
# PG_PORT=N also listens on localhost:N (TCP). initdb refuses root, so the server runs as 'postgres'.
set -euo pipefail

bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return 0; }; done
  command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return 0; }
  echo "pg.sh: PostgreSQL is not installed (scripts/deps.sh installs it)" >&2; exit 69
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local bin dir
  bin=$(bindir)
  dir=${1:-$(mktemp -d "${TMPDIR:-/tmp}/pandactl-pg.XXXXXX")}
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  chmod 0755 "$dir"
  as_pg "$bin/initdb" -D "$dir/data" --auth=trust --no-locale --encoding=UTF8 -U postgres >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  serve "$dir"
  echo "$dir"
}

# Starts the server of DIR (again).
serve() {
  local dir=$1 bin opts
  bin=$(bindir)
  opts="-k $dir -c listen_addresses='${PG_PORT:+localhost}' -c fsync=${PG_FSYNC:-on}"
  [ -n "${PG_PORT:-}" ] && opts="$opts -p $PG_PORT"
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$opts" -w start >/dev/null ||
    { cat "$dir/server.log" >&2; exit 1; }
}

# Stops the server of DIR as a crash would (no shutdown checkpoint; recovery on the next start).
crash() {
  local bin
  bin=$(bindir)
  as_pg "$bin/pg_ctl" -D "$1/data" -m immediate -w stop >/dev/null
}

replica() {
  local bin primary=$1 dir port
  bin=$(bindir)
  dir=${2:-$(mktemp -d "${TMPDIR:-/tmp}/pandactl-pg-replica.XXXXXX")}
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  chmod 0755 "$dir"
  # The primary's port (its socket's name) is the fourth line of its postmaster.pid.
  port=$(sed -n 4p "$primary/data/postmaster.pid")
  as_pg "$bin/pg_basebackup" -h "$primary" -p "${port:-5432}" -U postgres -D "$dir/data" -R -X stream -c fast >"$dir/basebackup.log" 2>&1 ||
    { cat "$dir/basebackup.log" >&2; exit 1; }
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "-k $dir -c listen_addresses='' -c hot_standby=on" -w start >/dev/null ||
    { cat "$dir/server.log" >&2; exit 1; }
  echo "$dir"
}

url() {
  local dir=$1 db=${2:-postgres} port=""
  [ -n "${PG_PORT:-}" ] && port="&port=$PG_PORT"
  echo "postgresql:///$db?host=$dir&user=postgres$port"
}

stop() {
  local dir=$1 bin
  bin=$(bindir)
  [ -d "$dir/data" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

cmd=${1:-}
shift || true
case "$cmd" in
  start) start "$@" ;;
  url) url "$@" ;;
  replica) replica "$@" ;;
  crash) crash "$@" ;;
  restart) serve "$@" ;;
  stop) stop "$@" ;;
  run)
    dir=$(start)
    trap 'stop "$dir"' EXIT INT TERM
    export PANDA_PG_DIR=$dir PANDA_PG_URL
    PANDA_PG_URL=$(url "$dir")
    status=0
    "$@" || status=$?
    exit $status
    ;;
  *) sed -n '2,13p' "$0" >&2; exit 64 ;;
esac
