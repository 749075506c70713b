#!/usr/bin/env python3
"""Crash suite: pre-signed mixed workloads applied by programs killed with SIGKILL at random moments
(mid-group included), and `pandactl backup` killed at random moments.

After every kill: the ledger opens, `audit` passes, every receipt that was printed is in the journal
(same seq, same tx). After the trial's last (unkilled) run of the same signed input: each line that
was applied before comes back as `replayed_nonce`, every other line has the outcome it has in a
reference run without kills, and the final state equals the reference's."""
import json
import os
import random
import signal
import subprocess
import sys
import time

from common import (DEAD, SCALE, Results, Signed, audit, journal, jl, parse_lines, prog, env, run,
                    seed_for, state, workdir, rows)

R = Results("crash")
SEED = seed_for("crash")
rnd = random.Random(SEED)
LINES = int(2000 * SCALE) if SCALE < 1 else 2000
TRIALS = max(1, int(round(10 * SCALE)))
KILLS = 3          # kills per trial before the run that completes
BACKUP_TRIALS = max(1, int(round(10 * SCALE)))


def workload(t, program, n, rng):
    """[(sender, request)], deterministic from rng. Mostly applicable, a few refused on purpose."""
    users = t.users
    out = []
    held = {(u, s): 200 for u in users for s in ("FNET", "VISN", "PRED")}
    shares = {u: (1000 if u == "u0" else 0) for u in users}
    for i in range(n):
        u = rng.choice(users)
        other = t.addr[rng.choice([x for x in users if x != u])]
        if program == "pandactl":
            k = rng.random()
            if k < 0.03:
                out.append(("admin", {"op": "fund", "to": t.addr[u], "amount": str(rng.randint(1, 50))}))
            elif k < 0.06:
                out.append(("mallory", {"op": "transfer", "to": DEAD, "amount": "7.5"}))  # overdraws after 13
            else:
                out.append((u, {"op": "transfer", "to": rng.choice([other, DEAD]),
                                "amount": f"{rng.randint(0, 20)}.{rng.randint(1, 10**18 - 1):018d}"}))
        elif program == "pandactl-curve":
            sym = rng.choice(["FNET", "VISN"])
            k = rng.random()
            if k < 0.45:
                a = rng.randint(1, 5)
                held[(u, sym)] += a
                out.append((u, {"op": "buy", "symbol": sym, "amount": a, "max_cost": "100000"}))
            elif k < 0.8:
                a = rng.randint(1, 5)
                if held[(u, sym)] >= a:
                    held[(u, sym)] -= a
                out.append((u, {"op": "sell", "symbol": sym, "amount": a}))
            elif k < 0.95:
                a = rng.randint(1, 3)
                if held[(u, sym)] >= a:
                    held[(u, sym)] -= a
                out.append((u, {"op": "transfer", "symbol": sym, "to": other, "amount": a}))
            else:
                out.append((u, {"op": "claim", "symbol": "PRED"}))
        elif program == "pandactl-predict":
            x = [round(rng.uniform(-5, 5), 3) for _ in range(3)]
            out.append((u, {"op": "run", "symbol": "PRED", "features": x if rng.random() < 0.8 else [x, x]}))
        elif program == "pandactl-index":
            if rng.random() < 0.6 or shares[u] < 3:
                a = rng.randint(1, 5)
                shares[u] += a
                out.append((u, {"op": "buy", "name": "AI2", "shares": a, "max_cost": "100000"}))
            else:
                a = rng.randint(1, 3)
                shares[u] -= a
                out.append((u, {"op": "sell", "name": "AI2", "shares": a}))
        elif program == "pandactl-burn":
            out.append((u, {"op": "access", "symbol": "VISN", "requests": rng.randint(1, 3)}))
        elif program == "pandactl-mint":
            if rng.random() < 0.5:
                out.append(("owner", {"op": "distribute", "symbol": "FNET", "to": t.addr[u], "amount": rng.randint(1, 9),
                                      "cliff": "1d", "period": "30d"}))
            else:
                out.append(("verifier", {"op": "provenance", "symbol": "FNET", "data_hash": "0x%064x" % rng.getrandbits(256),
                                         "quality": round(rng.random(), 3), "delta": round(rng.random() / 10, 4),
                                         "contributor": t.addr[u]}))
    return out


def sign_all(t, items):
    """Signs each sender's lines with pandactl-sign (one call per sender), keeping the input order."""
    by = {}
    for i, (who, obj) in enumerate(items):
        by.setdefault(who, []).append(i)
    signed = [None] * len(items)
    for who, idx in by.items():
        out = t.sign(who, [items[i][1] for i in idx])
        assert len(out) == len(idx)
        for i, o in zip(idx, out):
            signed[i] = o
    return signed


def outcomes(records):
    """Per input line (all lines are mutating requests: one record each): ('ok', op) or ('error', code)."""
    res = []
    for r in records:
        if r.get("type") == "error":
            res.append(("error", r.get("code"), r.get("line")))
        else:
            res.append(("ok", r.get("op"), None))
    return res


def check_after_kill(tag, ledger, printed):
    j, lr = journal(ledger)
    if not R.check(lr.status == 0 and j, f"{tag}: ledger does not open after the kill", repr(lr)):
        return None
    missing = [r for r in printed if "seq" in r and (r["seq"] not in j or j[r["seq"]]["hash"] != r.get("tx"))]
    R.check(not missing, f"{tag}: printed receipts missing from the journal", json.dumps(missing[:3]))
    R.add("receipts_checked", len([r for r in printed if "seq" in r]))
    ok, ar = audit(ledger)
    R.check(ok, f"{tag}: audit fails after the kill", repr(ar))
    return j


def trial(t, n, program, d):
    rng = random.Random(rnd.getrandbits(64))
    items = workload(t, program, LINES, rng)
    signed = sign_all(t, items)
    inp = os.path.join(d, f"t{n}.jsonl")
    with open(inp, "w") as f:
        f.write(jl(signed))
    keyset = [(o["from"], o["nonce"]) for o in signed]
    # Reference: the same input, no kills.
    ref = t.clone(os.path.join(d, f"t{n}-ref.db"))
    t0 = time.monotonic()
    rr = run(program, ["--ledger", ref, "--input", inp], timeout=600)
    ref_seconds = time.monotonic() - t0
    ref_out = outcomes(rr.records)
    if not R.check(len(ref_out) == len(signed) and rr.status in (0, 1), f"trial {n} {program}: reference run",
                   f"{len(ref_out)} records for {len(signed)} lines, {rr!r}"):
        return
    ledger = t.clone(os.path.join(d, f"t{n}.db"))
    kills = 0
    delays, printed_counts = [], []
    for attempt in range(KILLS + 1):
        out_path = os.path.join(d, f"t{n}-a{attempt}.out")
        with open(out_path, "wb") as out, open(os.path.join(d, f"t{n}-a{attempt}.err"), "wb") as err:
            p = subprocess.Popen([prog(program), "--ledger", ledger, "--input", inp], stdin=subprocess.DEVNULL,
                                 stdout=out, stderr=err, env=env())
            killed = False
            if attempt < KILLS:
                # Early kills (startup, first group) sometimes; otherwise anywhere in the run.
                delay = rng.uniform(0, 0.15) if rng.random() < 0.15 else rng.uniform(0.1, ref_seconds * 0.95)
                delays.append(round(delay, 2))
                try:
                    p.wait(timeout=delay)
                except subprocess.TimeoutExpired:
                    p.send_signal(signal.SIGKILL)
                    killed = True
            try:
                p.wait(timeout=600)
            except subprocess.TimeoutExpired:
                p.kill()
                R.fail(f"trial {n} {program}: hang", "no exit within 600 s")
                return
        text = open(out_path, encoding="utf-8", errors="replace").read()
        printed, bad = parse_lines(text)
        R.check(not bad, f"trial {n} {program} attempt {attempt}: stdout has non-JSON lines", repr(bad[:2]))
        if killed:
            printed_counts.append(len(printed))
            kills += 1
            R.add("kills")
            if check_after_kill(f"trial {n} {program} kill {kills}", ledger, printed) is not None:
                R.add("kills_survived")
            continue
        R.check(p.returncode in (0, 1), f"trial {n} {program} attempt {attempt}: exit status {p.returncode}",
                open(os.path.join(d, f"t{n}-a{attempt}.err")).read()[-500:])
        break
    # The run that completed: journaled-before lines are replayed_nonce, the rest as in the reference.
    # (Find what was journaled before the final run from the journal itself: the final run's receipts
    # are the lines that were missing.)
    final = outcomes(printed)
    if not R.check(len(final) == len(signed), f"trial {n} {program}: final run gave {len(final)} records for {len(signed)} lines"):
        return
    replayed = 0
    for i, (got, want) in enumerate(zip(final, ref_out)):
        if got[:2] == ("error", "replayed_nonce"):
            replayed += 1
            if want[0] != "ok":
                R.fail(f"trial {n} {program} line {i + 1}: replayed_nonce for a line the reference refused ({want})")
        elif got[:2] != want[:2]:
            R.fail(f"trial {n} {program} line {i + 1}: {got[:2]} after kills, {want[:2]} in the reference run")
            break
    R.add("lines_reapplied", len(signed) - replayed)
    R.add("replays_refused", replayed)
    # Same journal (senders and nonces in the same order) and the same state as the reference.
    j, _ = journal(ledger)
    jr, _ = journal(ref)
    def keys(jj):
        return [(e["request"].get("from"), e["request"].get("nonce")) for s, e in sorted(jj.items())]
    R.check(keys(j) == keys(jr), f"trial {n} {program}: the journal differs from the reference's",
            f"{len(j)} vs {len(jr)} entries")
    dup = len(keys(j)) - len(set(keys(j)))
    R.check(dup == 0, f"trial {n} {program}: {dup} requests applied twice")
    R.check(state(ledger) == state(ref), f"trial {n} {program}: final state differs from the reference run")
    ok, ar = audit(ledger)
    R.check(ok, f"trial {n} {program}: final audit", repr(ar))
    R.add("trials")
    R.add("requests", len(signed))
    print(f"  trial {n}: {program}, {len(signed)} lines, {kills} kills at {delays}s "
          f"(reference {ref_seconds:.2f}s; records printed before each kill {printed_counts}), {replayed} replays refused", flush=True)
    return ledger


def backup_trials(ledger, d, k):
    # Time a complete backup, then kill others at random moments within it.
    t0 = time.monotonic()
    r = run("pandactl", ["backup", os.path.join(d, "full.tar.zst"), "--ledger", ledger])
    full = time.monotonic() - t0
    R.check(r.status == 0, "backup", repr(r))
    leftovers = 0
    for i in range(k):
        target = os.path.join(d, f"b{i}.tar.zst")
        p = subprocess.Popen([prog("pandactl"), "backup", target, "--ledger", ledger], stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env())
        delay = rnd.uniform(0, full * 1.1)
        try:
            p.wait(timeout=delay)
            completed = True
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGKILL)
            p.wait()
            completed = False
        R.add("backup_trials")
        if not completed:
            R.add("kills")
            R.add("backup_kills")
        if os.path.exists(target):
            # Only a complete, restorable archive may exist under the target name.
            rr = run("pandactl", ["restore", target, "--ledger", os.path.join(d, f"r{i}.db")])
            R.check(rr.status == 0, f"backup trial {i}: an archive under the target name does not restore "
                    f"({'killed' if not completed else 'completed'} after {delay:.3f}s)", repr(rr))
        elif completed:
            R.fail(f"backup trial {i}: backup exited {p.returncode} without an archive")
        leftovers += len([f for f in os.listdir(d) if ".part-" in f or f.startswith(".pandactl-backup-")])
        for f in os.listdir(d):
            if ".part-" in f:
                os.unlink(os.path.join(d, f))
        ok, ar = audit(ledger)
        if R.check(ok, f"backup trial {i}: audit after the killed backup", repr(ar)) and not completed:
            R.add("kills_survived")
    # The next backup removes the snapshots that killed ones left (their processes are gone).
    r = run("pandactl", ["backup", os.path.join(d, "after-kills.tar.zst"), "--ledger", ledger])
    R.check(r.status == 0, "backup after the killed ones", repr(r))
    snapshots = [f for f in os.listdir(d) if f.startswith(".pandactl-backup-")]
    R.check(not snapshots, f"{len(snapshots)} snapshots of killed backups remain after the next backup", str(snapshots[:3]))
    if leftovers:
        R.note(f"killed backups left {leftovers} temporary files (.part-PID / .pandactl-backup-PID.db) beside the target, "
               "removed by the next backup; nothing under the target name")


def main():
    print(f"crash: seed {SEED}, {TRIALS} trials x {LINES} lines, {KILLS} kills each, {BACKUP_TRIALS} backup kills", flush=True)
    d = workdir("crash")
    t = Signed(d)
    programs = ["pandactl", "pandactl-curve", "pandactl-predict", "pandactl-index", "pandactl-burn", "pandactl-mint"]
    last = None
    for n in range(TRIALS):
        try:
            last = trial(t, n, programs[n % len(programs)], d) or last
        except Exception as e:  # a setup problem is a failure, not a crash of the suite
            R.fail(f"trial {n}: {type(e).__name__}", str(e))
    if last:
        backup_trials(last, d, BACKUP_TRIALS)
    return R.save()


if __name__ == "__main__":
    sys.exit(main())
