#!/usr/bin/env bash
# rows/s of `pandactl-train` (linear, then logistic) over 1,000,000 x 20 JSON lines, end to end through a
# redirect on an open ledger, next to pandas.read_json + scikit-learn on the same file, in one run; then
# prediction lines/s: paid `pandactl-predict` on the ledger, `pandactl-predict --bundle` (edge, no ledger)
# and pandas + model.predict. Release build. Paid predictions run ROUNDS rounds (default 3), each on a fresh
# copy of the trained ledger, and the peer's prediction as many rounds with its model; the best round of each
# side is compared (and with the ceiling).
# The peer's time is bench/train_peer.py's perf_counter span around read + build X, y + fit + score (the
# interpreter's start-up and the pandas/scikit-learn imports are left out, in its favour); its process wall
# time is printed too. Ours is the wall time of the whole process (start-up, reading, fit, ledger commit).
# N=100000 bash bench/train.sh for a quick run; NL sets the logistic rows (default N), P the prediction
# lines (default 100,000). Data files are generated once by bench/learning/gen_rows.py into bench/out/.
# The logistic peer uses solver="newton-cholesky" (same objective as the default; see train_peer.py).
# pandas and scikit-learn: the system python3 if it has them, else a venv in bench/out/venv (pip).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000000}; NL=${NL:-$N}; P=${P:-100000}; D=20
out=bench/out; mkdir -p "$out"
# one product per invocation: given several --product flags, SwiftPM builds only the last
scratch=(--scratch-path "${SCRATCH_PATH:-.build}")
for p in pandactl pandactl-curve pandactl-train pandactl-predict pandactl-sign; do
  swift build -c release "${scratch[@]}" --product "$p" >/dev/null
done
BIN=$(swift build -c release "${scratch[@]}" --show-bin-path)
PY=python3
if ! python3 -c 'import pandas, sklearn, numpy' 2>/dev/null; then
  PY=$out/venv/bin/python
  [ -x "$PY" ] || python3 -m venv "$out/venv"
  "$PY" -c 'import pandas, sklearn, numpy' 2>/dev/null || "$out/venv/bin/pip" install --quiet pandas scikit-learn numpy
fi
rows() {  # rows FILE ARGS...: generated once, cached in bench/out
  local f=$out/$1; shift
  [ -s "$f" ] || { python3 bench/learning/gen_rows.py "$@" > "$f.tmp" && mv "$f.tmp" "$f"; }
  echo "$f"
}
reg=$(rows "train-regression-${N}x$D.jsonl" "$N" "$D" --seed 1)
logi=$(rows "train-logistic-${NL}x$D.jsonl" "$NL" "$D" --seed 2 --kind logistic)
pred=$(rows "predict-${P}x$D.jsonl" "$P" "$D" --seed 3 --no-label)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
L=$work/train.db
"$BIN/pandactl" init --auth open --ledger "$L" --chain-id bench >/dev/null
"$BIN/pandactl" fund --to owner --amount 1000 --ledger "$L" >/dev/null
"$BIN/pandactl" fund --to app --amount 10000 --ledger "$L" >/dev/null  # fees: 0.01 PANDA a row by default
"$BIN/pandactl-curve" create --symbol BENCH --from owner --ledger "$L" >/dev/null
"$BIN/pandactl-curve" create --symbol BENCHL --from owner --ledger "$L" >/dev/null
now() { date +%s.%N; }
wall() {  # wall VAR CMD...: runs CMD, sets VAR to its wall seconds
  local var=$1 a b; shift
  a=$(now); "$@"; b=$(now)
  printf -v "$var" '%s' "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.6f", b - a }')"
}
load0=$(cut -d' ' -f1 /proc/loadavg)
# Training: ours end to end (the rows through a redirect, fit, ledger commit), then the peer.
wall t_lin "$BIN/pandactl-train" --symbol BENCH --from owner --ledger "$L" < "$reg" > "$work/lin.out"
ROUNDS=${ROUNDS:-${RUNS:-3}}
wall w_lin "$PY" bench/train_peer.py "$reg" --predict "$pred" --predict-rounds "$ROUNDS" > "$work/lin.peer"
wall t_log "$BIN/pandactl-train" --symbol BENCHL --algo logistic --from owner --ledger "$L" < "$logi" > "$work/log.out"
wall w_log "$PY" bench/train_peer.py "$logi" --algo logistic > "$work/log.peer"
# Prediction: paid on the ledger, ROUNDS rounds each on a fresh copy of the trained ledger (the best counts),
# then edge mode from an exported bundle (any key signs on an open ledger).
source bench/ceiling.sh
command -v sqlite3 >/dev/null || apt-get install -y -qq sqlite3 >/dev/null 2>&1 || true
sqlite3 "$L" ".backup '$work/trained.db'"
t_pay=""; pay_rounds=""
for r in $(seq 1 "$ROUNDS"); do
  rm -f "$work"/pay.db*
  sqlite3 "$work/trained.db" ".backup '$work/pay.db'"
  wall t "$BIN/pandactl-predict" --symbol BENCH --from app --ledger "$work/pay.db" < "$pred" > "$work/pay.out"
  pay_rounds="$pay_rounds $t"
  t_pay=$(awk -v x="$t" -v y="${t_pay:-1e9}" 'BEGIN { print (x < y ? x : y) }')
done
ceil_pay=$(ceiling_best "$work/pay.db")
"$BIN/pandactl-sign" keygen --out "$work/owner.key" --plain >/dev/null
"$BIN/pandactl-train" export --symbol BENCH --out "$work/bench.tar.zst" --key "$work/owner.key" --ledger "$L" >/dev/null
wall t_edge "$BIN/pandactl-predict" --bundle "$work/bench.tar.zst" < "$pred" > "$work/edge.out"
"$BIN/pandactl" audit --ledger "$work/pay.db"  # the trained ledger and the last round's paid predictions
field() { jq -r "$1" "$2"; }
paid=$(grep -c '"type":"prediction"' "$work/pay.out" || true); edge=$(grep -c '"type":"prediction"' "$work/edge.out" || true)
awk -v n="$N" -v nl="$NL" -v p="$P" -v d="$D" -v cores="$(nproc)" -v load="$load0 -> $(cut -d' ' -f1 /proc/loadavg)" \
    -v tl="$t_lin" -v pl="$(field .seconds "$work/lin.peer")" -v wl="$w_lin" \
    -v r2o="$(field 'select(.type=="trained") | .r2' "$work/lin.out")" -v r2p="$(field .r2 "$work/lin.peer")" \
    -v rl="$(field .read_seconds "$work/lin.peer")" -v bl="$(field .build_seconds "$work/lin.peer")" -v fl="$(field .fit_seconds "$work/lin.peer")" \
    -v rg="$(field .read_seconds "$work/log.peer")" -v bg="$(field .build_seconds "$work/log.peer")" -v fg="$(field .fit_seconds "$work/log.peer")" \
    -v tg="$t_log" -v pg="$(field .seconds "$work/log.peer")" -v wg="$w_log" \
    -v aco="$(field 'select(.type=="trained") | .accuracy' "$work/log.out")" -v acp="$(field .accuracy "$work/log.peer")" \
    -v conv="$(field .converged "$work/log.peer")" -v iters="$(field .iterations "$work/log.peer")" \
    -v tp="$t_pay" -v te="$t_edge" -v pp="$(field .predict_seconds "$work/lin.peer")" -v paid="$paid" -v edge="$edge" \
    -v ppall="$(field '.predict_rounds | add' "$work/lin.peer")" -v ours_rounds="$pay_rounds" \
    -v peer_rounds="$(field '.predict_rounds | map(tostring) | join(" ")' "$work/lin.peer")" 'BEGIN {
  printf "train: %d x %d JSON lines (linear), %d x %d (logistic), open ledger, %d cores, 1-min load %s\n", n, d, nl, d, cores, load
  printf "  %-52s %9s %10s %16s\n", "", "seconds", "rows/s", "r2 / accuracy"
  printf "  %-52s %9.2f %10.0f %16.12f\n", "pandactl-train linear (release, end to end)", tl, n / tl, r2o
  printf "  %-52s %9.2f %10.0f %16.12f\n", "pandas.read_json + LinearRegression (in-Python)", pl, n / pl, r2p
  printf "  %-52s %9.2f %10.0f\n", "  same, python3 process wall (less --predict)", wl - ppall, n / (wl - ppall)
  printf "    (peer: read_json %.2f s, X and y %.2f s, fit + score %.2f s)\n", rl, bl, fl
  dr = r2o - r2p; if (dr < 0) dr = -dr
  printf "  ratio: %.2fx the Python peer (target >= 5x), |r2 difference| %.1e%s\n", pl / tl, dr, (dr > 1e-9 ? "  MISMATCH" : "")
  printf "  %-52s %9.2f %10.0f %16.4f\n", "pandactl-train --algo logistic (release, end to end)", tg, nl / tg, aco
  printf "  %-52s %9.2f %10.0f %16.4f\n", "read_json + LogisticRegression(newton-cholesky)", pg, nl / pg, acp
  printf "  %-52s %9.2f %10.0f\n", "  same, python3 process wall", wg, nl / wg
  printf "    (peer: read_json %.2f s, X and y %.2f s, fit + score %.2f s)\n", rg, bg, fg
  da = aco - acp; if (da < 0) da = -da
  printf "  ratio: %.2fx the Python peer, |accuracy difference| %.4f points%s%s\n", pg / tg, da, (da > 1 ? "  MISMATCH" : ""), \
         (conv == "true" ? "" : sprintf(" (peer stopped at max_iter=%d, not converged)", iters))
  printf "predict: %d lines of %d features\n", p, d
  printf "  %-52s %9s %10s %16s\n", "", "seconds", "lines/s", "predictions"
  printf "  %-52s %9.2f %10.0f %16d\n", "pandactl-predict, paid on the ledger (release)", tp, p / tp, paid
  printf "  %-52s %9.2f %10.0f %16d\n", "pandactl-predict --bundle (edge, no ledger)", te, p / te, edge
  printf "  %-52s %9.2f %10.0f %16d\n", "pandas.read_json + model.predict (in-Python)", pp, p / pp, p
  k = split(ours_rounds, ro, " "); split(peer_rounds, rp, " "); s = ""
  for (i = 1; i <= k; i++) s = s sprintf(" %.3f/%.3f", ro[i], rp[i])
  printf "  paid seconds per round, ours/peer:%s (best of each counts)\n", s
  if (paid != p || edge != p) printf "  MISMATCH: %d paid and %d edge predictions for %d lines\n", paid, edge, p }'
ceiling_line "paid predictions" "$t_pay" "$ceil_pay" 50
