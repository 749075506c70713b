#!/usr/bin/env bash
# Backups while the ledger is in use, and a restore that checks the archive before replacing anything.
set -euo pipefail
work=$(mktemp -d "${TMPDIR:-/tmp}/pandactl-backup.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
export PANDA_LEDGER="${PANDA_EXAMPLE_LEDGER:-$work/panda.db}"  # or an empty ledger named by $PANDA_EXAMPLE_LEDGER, e.g. a postgresql:// URL
pandactl init --auth open --chain-id backup-demo | jq -c '{chain_id}'
printf '{"op":"fund","to":"alice","amount":"100"}\n{"op":"transfer","from":"alice","to":"bob","amount":"40"}\n' | pandactl | jq -c '{op, seq}'

echo "# an online backup (zstd; .tar.gz for gzip), with the database's SHA-256 in its manifest"
pandactl backup nightly.tar.zst | jq -c '{file, compression, head_seq}'
tar --zstd -tvf nightly.tar.zst 2>/dev/null | awk '{print $NF}' || true

echo "# more business after the backup, then a disaster: the ledger is damaged"
pandactl transfer --from bob --to carol --amount 5 | jq -c '{op, seq}'
case "$PANDA_LEDGER" in
  postgres*) psql "$PANDA_LEDGER" -qc "UPDATE accounts SET panda = '1' WHERE account = 'bob'" ;;  # (on PostgreSQL: a balance edited behind the ledger's back)
  *) dd if=/dev/urandom of=panda.db bs=1024 seek=2 count=4 conv=notrunc 2>/dev/null ;;
esac
pandactl audit >/dev/null 2>&1 && { echo "a damaged ledger passed audit" >&2; exit 1; } || echo "audit fails on the damaged ledger (exit $?)"

echo "# restore: the archive is checked and audited first; --force replaces the damaged file"
pandactl restore nightly.tar.zst --force | jq -c '{head_seq, replaced, damaged: (.damaged_ledger_moved_to != null)}'
pandactl balance --account bob | jq -c '{account, panda}'
pandactl audit && echo "audit ok: the ledger is back as of the backup (the later transfer must be re-applied)"
