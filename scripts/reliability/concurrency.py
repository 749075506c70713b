#!/usr/bin/env python3
"""Concurrency suite: several signing pipelines (`pandactl-sign sign | PROGRAM`) write one signed
ledger at once — PANDA transfers, curve buys and sells on two models, paid predictions, orders — while
readers (`stats`, `balance`, `log`, `book`, `pandactl-ohlc`) run in a loop. No `ledger_busy` under the default busy timeout,
every line applied, the final state equal to applying the same signed requests serially to a fresh
copy, and audit passes. The writers commute by construction: each model's curve is traded by one
pipeline only, predictions go to a model whose holdings do not change, and no account overdraws."""
import json
import os
import random
import subprocess
import sys
import threading
import time

from common import (DEAD, SCALE, Results, Signed, audit, jl, journal, parse_lines, prog, env, run, seed_for,
                    state, workdir)

R = Results("concurrency")
SEED = seed_for("concurrency")
rnd = random.Random(SEED)
LINES = max(200, int(2500 * SCALE))


def writers(t):
    """[(name, key, program, requests)]"""
    u = t.addr
    w = []
    w.append(("transfers", "u0", "pandactl",
              [{"op": "transfer", "to": u[rnd.choice(t.users[1:])] if rnd.random() < 0.8 else DEAD,
                "amount": f"{rnd.randint(0, 9)}.{rnd.randint(1, 999999):06d}"} for _ in range(LINES)]))
    for name, who, sym in [("buys-FNET", "u1", "FNET"), ("buys-VISN", "u2", "VISN")]:
        reqs, held = [], 200
        for _ in range(LINES):
            if rnd.random() < 0.6 or held < 5:
                a = rnd.randint(1, 4); held += a
                reqs.append({"op": "buy", "symbol": sym, "amount": a, "max_cost": "100000"})
            else:
                a = rnd.randint(1, 4); held -= a
                reqs.append({"op": "sell", "symbol": sym, "amount": a})
        w.append((name, who, "pandactl-curve", reqs))
    w.append(("predictions", "u3", "pandactl-predict",
              [{"op": "run", "symbol": "PRED", "features": [round(rnd.uniform(-5, 5), 3) for _ in range(3)]}
               for _ in range(LINES)]))
    # Orders on PRED's book by u4 alone: bids far below its asks, so nothing crosses and the book (and the
    # escrow it holds) is the same whatever the interleaving with the other writers.
    orders = []
    for i in range(LINES):
        if i % 20 == 0:
            orders.append({"op": "place", "symbol": "PRED", "side": "sell", "price": f"{rnd.randint(100, 200)}", "amount": 1})
        else:
            orders.append({"op": "place", "symbol": "PRED", "side": "buy", "price": f"0.{rnd.randint(1, 999):03d}",
                           "amount": rnd.randint(1, 5)})
    w.append(("orders", "u4", "pandactl-orders", orders))
    return w


def main():
    print(f"concurrency: seed {SEED}, 5 writer pipelines x {LINES} lines, 5 readers", flush=True)
    d = workdir("concurrency")
    t = Signed(d)
    ledger = t.clone(os.path.join(d, "shared.db"))
    ws = writers(t)
    procs = []
    t0 = time.monotonic()
    for name, who, program, reqs in ws:
        with open(os.path.join(d, name + ".in"), "w") as f:
            f.write(jl(reqs))
        # A real pipeline: generator file | sign | tee (the signed requests, for the serial run) | program
        cmd = (f"'{prog('pandactl-sign')}' sign --key '{t.keys[who]}' --chain-id rel < '{name}.in' "
               f"| tee '{name}.signed' | '{prog(program)}' --ledger shared.db > '{name}.out' 2> '{name}.err'; "
               f"echo ${{PIPESTATUS[0]}} ${{PIPESTATUS[2]}} > '{name}.rc'")
        procs.append(subprocess.Popen(["bash", "-c", cmd], cwd=d, env=env()))
    # Readers, while the writers run.
    reads = {"stats": 0, "balance": 0, "log": 0, "book": 0, "ohlc": 0}
    worst = {k: 0.0 for k in reads}
    reader_failures = []

    def reader(kind):
        while any(p.poll() is None for p in procs):
            if kind == "stats":
                r = run("pandactl", ["stats", "--ledger", ledger])
            elif kind == "balance":
                r = run("pandactl", ["balance", "--account", t.addr["u1"], "--ledger", ledger])
            elif kind == "book":
                r = run("pandactl-orders", ["book", "--symbol", "PRED", "--ledger", ledger])
            elif kind == "ohlc":
                r = run("pandactl-ohlc", ["--symbol", "FNET", "--interval", "1m", "--ledger", ledger])
            else:
                r = run("pandactl", ["log", "--since", "0", "--ledger", ledger])
            reads[kind] += 1
            worst[kind] = max(worst[kind], r.seconds)
            if r.status != 0:
                reader_failures.append(f"{kind}: {r!r}")
    threads = [threading.Thread(target=reader, args=(k,)) for k in reads]
    for th in threads:
        th.start()
    for p in procs:
        p.wait(timeout=900)
    for th in threads:
        th.join()
    elapsed = time.monotonic() - t0
    R.add("writers", len(ws))
    R.add("reader_runs", sum(reads.values()))
    R.check(not reader_failures, "readers failed while writers ran", "; ".join(reader_failures[:3]))
    applied = 0
    signed_all = []
    for name, who, program, reqs in ws:
        rc = open(os.path.join(d, name + ".rc")).read().split()
        out = open(os.path.join(d, name + ".out")).read()
        recs, bad = parse_lines(out)
        err = open(os.path.join(d, name + ".err")).read()
        codes = [r.get("code") for r in recs if r.get("type") == "error"]
        R.check(rc == ["0", "0"], f"writer {name}: exit statuses (sign, program) {rc}", err[-400:])
        R.check("ledger_busy" not in codes and "busy" not in err, f"writer {name}: ledger_busy under the default timeout", err[-400:])
        R.check(not codes, f"writer {name}: {len(codes)} lines rejected", json.dumps(codes[:5]))
        ok = [r for r in recs if r.get("type") != "error"]
        R.check(len(ok) == len(reqs), f"writer {name}: {len(ok)} records for {len(reqs)} lines")
        applied += len(ok)
        signed_all.append((name, program, os.path.join(d, name + ".signed")))
    R.add("lines_applied_concurrently", applied)
    # The same signed requests, serially, on a fresh copy of the template.
    serial = t.clone(os.path.join(d, "serial.db"))
    for name, program, path in signed_all:
        r = run(program, ["--ledger", serial, "--input", path], timeout=600)
        R.check(r.status == 0, f"serial run of {name}", repr(r)[:600])
    js, _ = journal(ledger)
    jr, _ = journal(serial)
    R.check(len(js) == len(jr), f"journal lengths: concurrent {len(js)}, serial {len(jr)}")
    R.check(state(ledger) == state(serial), "final state differs from the serial application of the same requests")
    ok, ar = audit(ledger)
    R.check(ok, "audit of the concurrently written ledger", repr(ar))
    print(f"  {applied} lines by {len(ws)} writers in {elapsed:.1f}s; reader runs {reads}, "
          f"slowest reader {max(worst.values()):.2f}s", flush=True)
    return R.save()


if __name__ == "__main__":
    sys.exit(main())
