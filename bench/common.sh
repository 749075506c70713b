#!/usr/bin/env bash
# What the bench scripts share (sourced). The ledger workloads, the same lines for pandactl and its peers:
#   transfer_lines N   N transfers of 0-5 PANDA among acct0..acct99 (every one applies on 1,000,000 each)
#   curve_lines N      N buys and sells of 1-20 FNET by acct0..acct49; the generator tracks holdings, so
#                      a sell never sells more than its account holds and every line applies
# Timing: now (seconds since the epoch), elapsed A B (B - A, 3 decimals), least X [Y] (the smaller; Y unset:
# X), for best-of-rounds figures.
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
least() { awk -v x="$1" -v y="${2:-1e9}" 'BEGIN { print (x < y ? x : y) }'; }

transfer_lines() {
  python3 - "$1" <<'PY'
import random, sys
rnd = random.Random(42)
for i in range(int(sys.argv[1])):
    a, b = rnd.sample(range(100), 2)
    print('{"op":"transfer","from":"acct%d","to":"acct%d","amount":"%d.%06d"}' % (a, b, rnd.randrange(0, 5), rnd.randrange(1, 10**6)))
PY
}

curve_lines() {
  python3 - "$1" <<'PY'
import random, sys
rnd = random.Random(42); held = [0] * 50
for i in range(int(sys.argv[1])):
    a = rnd.randrange(50)
    if held[a] == 0 or rnd.random() < 0.5:
        n = rnd.randint(1, 20); held[a] += n; op = "buy"
    else:
        n = rnd.randint(1, min(20, held[a])); held[a] -= n; op = "sell"
    print('{"op":"%s","from":"acct%d","symbol":"FNET","amount":%d}' % (op, a, n))
PY
}
