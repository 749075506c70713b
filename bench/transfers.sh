#!/usr/bin/env bash
# lines/s of `pandactl transfer` over 100,000 lines on an open ledger, next to a Python peer doing the
# same writes with sqlite3 (one transaction per 1,000 lines), in one run. Release build.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
out=bench/out; mkdir -p "$out"
swift build -c release --product pandactl >/dev/null
BIN=$(swift build -c release --show-bin-path)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 - "$N" > "$work/transfers.jsonl" <<'PY'
import random, sys
rnd = random.Random(42)
for i in range(int(sys.argv[1])):
    a, b = rnd.sample(range(100), 2)
    print('{"op":"transfer","from":"acct%d","to":"acct%d","amount":"%d.%06d"}' % (a, b, rnd.randrange(0, 5), rnd.randrange(1, 10**6)))
PY
setup() {  # both ledgers start with the same 100 funded accounts
  "$BIN/pandactl" init --auth open --ledger "$1" --chain-id bench >/dev/null
  for i in $(seq 0 99); do echo "{\"op\":\"fund\",\"to\":\"acct$i\",\"amount\":\"1000000\"}"; done | "$BIN/pandactl" --ledger "$1" >/dev/null
}
setup "$work/ours.db"
python3 - "$work/peer.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); db.execute("PRAGMA journal_mode=WAL")
db.execute("CREATE TABLE accounts (account TEXT PRIMARY KEY, panda TEXT NOT NULL, created_seq INTEGER NOT NULL)")
db.executemany("INSERT INTO accounts VALUES (?, ?, 0)", [("acct%d" % i, str(10**24)) for i in range(100)]); db.commit()
PY
now() { date +%s.%N; }
t0=$(now); "$BIN/pandactl" --ledger "$work/ours.db" --input "$work/transfers.jsonl" > "$work/ours.out"; t1=$(now)
python3 bench/transfer_peer.py "$work/peer.db" < "$work/transfers.jsonl" > "$work/peer.out"; t2=$(now)
ours_ok=$(grep -c '"type":"receipt"' "$work/ours.out"); peer_ok=$(grep -c '"type": "receipt"' "$work/peer.out")
"$BIN/pandactl" audit --ledger "$work/ours.db"
source bench/ceiling.sh
ceil=$(ceiling_best "$work/ours.db")
awk -v n="$N" -v a="$t0" -v b="$t1" -v c="$t2" -v oo="$ours_ok" -v po="$peer_ok" -v cores="$(nproc)" 'BEGIN {
  ours = n / (b - a); peer = n / (c - b)
  printf "transfers: %d lines, open ledger, WAL + synchronous=FULL, %d cores\n", n, cores
  printf "  %-44s %10s %10s %9s\n", "", "seconds", "lines/s", "applied"
  printf "  %-44s %10.2f %10.0f %9d\n", "pandactl transfer (release)", b - a, ours, oo
  printf "  %-44s %10.2f %10.0f %9d\n", "python3 sqlite3 peer (1 txn / 1,000 lines)", c - b, peer, po
  printf "  ratio: %.2fx the Python peer (target >= 2x)\n", ours / peer }'
ceiling_line "transfers" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')" "$ceil" 60
