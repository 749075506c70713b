#!/usr/bin/env python3
"""Tamper and authorization suite on a signed ledger.

- Every state table (and the journal) edited with the sqlite3 CLI behind the tools' back: `audit`
  exits non-zero naming the problem; after restoring the row, audit passes again.
- Every role rule refused for others (not_authorized) and nothing changes.
- Signature forgeries refused with their codes and nothing changes.
- Plain key files readable by group or others refused (exit 77, key_file_permissions)."""
import json
import os
import shutil
import sqlite3
import subprocess
import sys

from common import (CHAIN, DEAD, Results, Signed, audit, jl, journal, run, rows, seed_for, state, workdir)

R = Results("tamper")
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def sqlite(db, sql):
    p = subprocess.run(["sqlite3", db, sql], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError(f"sqlite3 {sql!r}: {p.stderr}")
    return p.stdout


def populate(t, L):
    """Activity that fills every state table the programs have."""
    a = t.addr
    steps = [
        ("pandactl-mint", "owner", {"op": "policy", "symbol": "FNET", "reward_per_bps": 5}),
        ("pandactl-mint", "verifier", {"op": "improvement", "symbol": "FNET", "bps": 150, "contributor": a["u1"]}),
        ("pandactl-mint", "owner", {"op": "distribute", "symbol": "FNET", "to": a["u2"], "amount": 50, "cliff": "0s", "period": "1s"}),
        ("pandactl-mint", "verifier", {"op": "provenance", "symbol": "FNET", "data_hash": "0x" + "cd" * 32, "quality": 0.8,
                                       "delta": 0.02, "contributor": a["u3"]}),
        ("pandactl-burn", "owner", {"op": "rate", "symbol": "VISN", "account": a["u1"], "tokens_per_request": "0.5"}),
        ("pandactl-burn", "u1", {"op": "access", "symbol": "VISN", "requests": 4}),
        ("pandactl-predict", "u4", {"op": "run", "symbol": "PRED", "features": [1, 2, 3]}),
        ("pandactl-curve", "owner", {"op": "metrics", "symbol": "VISN", "adoption": 0.5, "improvement": 0.9, "growth": 0.2}),
    ]
    for program, who, req in steps:
        r = t.apply(program, who, [req], L)
        R.check(r.status == 0, f"populate: {program} {req['op']}", repr(r)[:400])
    # Usage receipts: an edge bundle's signed receipts settled on the ledger.
    d = t.d
    r = run("pandactl-train", ["export", "--symbol", "PRED", "--out", os.path.join(d, "pred.tar.zst"), "--key", t.keys["owner"],
                               "--ledger", L])
    if r.status == 0:
        run("pandactl-predict", ["--bundle", os.path.join(d, "pred.tar.zst"), "--receipts", os.path.join(d, "usage.jsonl"),
                                 "--key", t.keys["u5"], "--ledger", os.path.join(d, "absent.db")], stdin=jl(rows(2, 5, False)))
        s = run("pandactl-predict", ["settle", "--input", os.path.join(d, "usage.jsonl"), "--ledger", L])
        R.check(s.status == 0, "populate: settle usage receipts", repr(s)[:400])


def edited_value(v, col):
    if isinstance(v, int):
        return v + 1
    if v is None:
        return "1"
    if isinstance(v, float):
        return v + 1
    if isinstance(v, bytes):
        return v + b"x"
    s = str(v)
    if s.lstrip("-").isdigit():
        return str(int(s) + 1)
    return s + "x" if s else "x"


def tamper_tables(L):
    con = sqlite3.connect(L)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                                        "AND name != 'schema_migrations' ORDER BY name")]
    con.close()
    ok, ar = audit(L)
    if not R.check(ok, "audit of the populated ledger before tampering", repr(ar)[:500]):
        return
    for table in tables:
        con = sqlite3.connect(L)
        cols = [(r[1], r[2], r[5]) for r in con.execute(f'PRAGMA table_info("{table}")')]
        row = con.execute(f'SELECT rowid, * FROM "{table}" ORDER BY rowid DESC LIMIT 1').fetchone()
        con.close()
        edits = []
        if row is None:
            # An empty table: a row inserted behind the tools' back.
            vals = ["1" if "TEXT" in (ty or "").upper() else 1 for _, ty, _ in cols]
            edits.append(("insert", f'INSERT INTO "{table}" VALUES ({",".join(repr(v) if isinstance(v, str) else str(v) for v in vals)})',
                          f'DELETE FROM "{table}" WHERE rowid = (SELECT max(rowid) FROM "{table}")'))
        else:
            rowid = row[0]
            # Edit a non-key column (the journal: its request text); then also delete the row.
            candidates = [(i, c) for i, c in enumerate(cols) if c[2] == 0] or list(enumerate(cols))
            if table == "journal":
                candidates = [(i, c) for i, c in enumerate(cols) if c[0] in ("request", "result", "hash")]
            for i, (name, ty, pk) in candidates[:1]:
                old = row[i + 1]
                new = edited_value(old, name)
                q = "?"
                edits.append((f"update {name}", (f'UPDATE "{table}" SET "{name}" = ? WHERE rowid = ?', (new, rowid)),
                              (f'UPDATE "{table}" SET "{name}" = ? WHERE rowid = ?', (old, rowid))))
            full = tuple(row[1:])
            edits.append(("delete row", (f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,)),
                          (f'INSERT INTO "{table}" ({",".join(chr(34) + c[0] + chr(34) for c in cols)}) VALUES '
                           f'({",".join("?" for _ in cols)})', full)))
        for what, do, undo in edits:
            con = sqlite3.connect(L)
            con.execute(*do) if isinstance(do, tuple) else con.execute(do)
            con.commit()
            con.close()
            r = run("pandactl", ["audit", "--ledger", L])
            caught = r.status != 0 and ("audit_failed" in r.out or "ledger_corrupt" in r.out)
            R.check(caught, f"tamper {table} ({what}) is not caught by audit", repr(r)[:400])
            R.check(r.status in (1, 74), f"tamper {table} ({what}): audit exit status {r.status}")
            named = table in r.out or table in r.err or "journal" in r.out or "conservation" in r.out or "meta" in r.out
            R.check(named, f"tamper {table} ({what}): audit's message does not name the problem", r.out[:300])
            R.add("tampers_caught" if caught else "tampers_missed")
            con = sqlite3.connect(L)
            con.execute(*undo) if isinstance(undo, tuple) else con.execute(undo)
            con.commit()
            con.close()
        ok, ar = audit(L)
        R.check(ok, f"tamper {table}: audit fails after restoring the rows", repr(ar)[:400])
        R.add("tables_tampered")


def flip_high_s(sig):
    b = bytearray(bytes.fromhex(sig[2:]))
    s = int.from_bytes(b[32:64], "big")
    b[32:64] = (N - s).to_bytes(32, "big")
    b[64] = 28 if b[64] == 27 else 27
    return "0x" + b.hex()


def roles(t, L):
    a = t.addr
    cases = [
        ("pandactl", "u0", {"op": "fund", "to": a["u0"], "amount": "5"}, "admin-only fund"),
        ("pandactl-curve", "u0", {"op": "metrics", "symbol": "FNET", "adoption": 1}, "owner-only curve metrics"),
        ("pandactl-mint", "u0", {"op": "verifier", "symbol": "FNET", "account": a["u0"]}, "owner-only mint verifier"),
        ("pandactl-mint", "u0", {"op": "policy", "symbol": "FNET", "reward_per_bps": 1000}, "owner-only mint policy"),
        ("pandactl-mint", "u0", {"op": "initial", "symbol": "VISN", "score": 0.95}, "owner-only mint initial"),
        ("pandactl-mint", "u0", {"op": "distribute", "symbol": "FNET", "to": a["u0"], "amount": 5, "period": "1s"}, "owner-only mint distribute"),
        ("pandactl-burn", "u0", {"op": "rate", "symbol": "FNET", "account": a["u0"], "tokens_per_request": "0"}, "owner-only burn rate"),
        ("pandactl-mint", "u0", {"op": "improvement", "symbol": "FNET", "bps": 500, "contributor": a["u0"]}, "verifier-only mint improvement"),
        ("pandactl-mint", "u0", {"op": "block-reward", "symbol": "FNET", "operator": a["u0"], "alpha": 0.5}, "verifier-only block-reward"),
        ("pandactl-mint", "u0", {"op": "provenance", "symbol": "FNET", "data_hash": "0x" + "ee" * 32, "quality": 1, "delta": 0.5,
                                 "contributor": a["u0"]}, "verifier-only provenance"),
        ("pandactl-mint", "manager", {"op": "improvement", "symbol": "FNET", "bps": 500, "contributor": a["u0"]}, "verifier-only (manager)"),
        ("pandactl-index", "u0", {"op": "rebalance", "name": "AI3"}, "manager-only index rebalance"),
    ]
    # An index that is due for rebalancing, so the refusal is about the role, not the period.
    r = t.apply("pandactl-index", "manager", [{"op": "create", "name": "AI3", "weights": {"FNET": 1}, "period": "1s"}], L)
    R.check(r.status == 0, "index AI3", repr(r)[:300])
    t.apply("pandactl-index", "u1", [{"op": "buy", "name": "AI3", "shares": 1000, "max_cost": "100000"}], L)
    import time
    time.sleep(1.1)
    before = state(L), len(journal(L)[0])
    for program, who, req, what in cases:
        r = t.apply(program, who, [req], L)
        ok = r.status == 1 and r.codes == ["not_authorized"]
        R.check(ok, f"role rule not enforced: {what}", repr(r)[:400])
        R.add("role_refusals" if ok else "role_violations")
    # Training (fit) by a non-owner: a stream of rows, one fit request.
    r = run("pandactl-train", ["--symbol", "FNET", "--key", t.keys["u0"], "--ledger", L], stdin=jl(rows(30, 2)))
    ok = r.codes == ["not_authorized"] and r.status == 77
    R.check(ok, "role rule not enforced: owner-only train fit", repr(r)[:400])
    R.add("role_refusals" if ok else "role_violations")
    # Claims: only the sender's own dividends. u1 holds PRED and is owed fees; others cannot take them.
    owed_before = run("pandactl", ["balance", "--account", a["u1"], "--ledger", L]).records[0].get("owed")
    attempts = [{"op": "claim", "symbol": "PRED", "account": a["u1"]}, {"op": "claim", "symbol": "PRED", "for": a["u1"]},
                {"op": "claim", "symbol": "PRED", "to": a["mallory"]}, {"op": "claim", "symbol": "PRED"}]
    for i, req in enumerate(attempts):
        signed = t.sign("mallory", [req])[0]
        if i >= 2:
            signed["from"] = a["u1"]  # mallory's signature, u1's name
        r = run("pandactl-curve", ["--ledger", L], stdin=jl([signed]))
        R.check(r.status == 1 and not r.of("receipt"), f"claim of another's dividends not refused: {req}", repr(r)[:300])
        R.add("role_refusals")
    R.check(run("pandactl", ["balance", "--account", a["u1"], "--ledger", L]).records[0].get("owed") == owed_before,
            "u1's owed dividends changed after others' claims")
    after = state(L), len(journal(L)[0])
    R.check(before == after, "refused role requests changed the ledger")
    # Positive controls: the right roles pass.
    r = t.apply("pandactl-index", "manager", [{"op": "rebalance", "name": "AI3"}], L)
    R.check(r.codes != ["not_authorized"], "the manager's rebalance is refused as not_authorized", repr(r)[:300])
    r = t.apply("pandactl", "admin", [{"op": "fund", "to": a["u0"], "amount": "5"}], L)
    R.check(r.status == 0, "the admin's fund refused", repr(r)[:300])


def forgeries(t, L):
    a = t.addr
    req = {"op": "transfer", "to": a["u1"], "amount": "2"}
    good = t.sign("u0", [dict(req, nonce=4242)])[0]
    sig = good["sig"]
    cases = []
    w = t.sign("mallory", [dict(req, nonce=4243)])[0]
    w["from"] = a["u0"]
    cases.append(("wrong key", w, "bad_signature"))
    cases.append(("modified amount", dict(good, amount="20"), "bad_signature"))
    cases.append(("modified recipient", dict(good, to=a["mallory"]), "bad_signature"))
    cases.append(("added field", dict(good, id="x"), "bad_signature"))
    cases.append(("modified nonce", dict(good, nonce=4244), "bad_signature"))
    cases.append(("truncated signature", dict(good, sig=sig[:-4]), "bad_signature"))
    cases.append(("signature with a byte appended", dict(good, sig=sig + "00"), "bad_signature"))
    cases.append(("non-hex signature", dict(good, sig="0x" + "zz" * 65), "bad_signature"))
    cases.append(("zero r,s", dict(good, sig="0x" + "00" * 64 + "1b"), "bad_signature"))
    cases.append(("s = n", dict(good, sig=sig[:66] + "%064x" % N + sig[-2:]), "bad_signature"))
    cases.append(("v = 29", dict(good, sig=sig[:-2] + "1d"), "bad_signature"))
    cases.append(("high-S", dict(good, sig=flip_high_s(sig)), "bad_signature"))
    cases.append(("unsigned", {k: v for k, v in good.items() if k != "sig"}, "bad_signature"))
    cases.append(("sig as a number", dict(good, sig=5), None))
    cases.append(("other chain id", t.sign("u0", [dict(req, nonce=4245)])[0] | {}, None))  # replaced below
    oc = run("pandactl-sign", ["sign", "--key", t.keys["u0"], "--chain-id", "elsewhere"], stdin=jl([dict(req, nonce=4246)]))
    cases[-1] = ("other chain id", json.loads(oc.out.splitlines()[0]), "wrong_chain")
    cases.append(("chain field edited", dict(good, chain="elsewhere"), None))
    ts = t.sign("u0", [dict(req, nonce=4247, ts="2020-01-01T00:00:00Z")])[0]
    cases.append(("ts from a non-admin", ts, "ts_not_allowed"))
    cases.append(("from another account", dict(good, **{"from": a["u1"]}), "bad_signature"))
    before = state(L), len(journal(L)[0])
    for what, obj, code in cases:
        r = run("pandactl", ["--ledger", L], stdin=jl([obj]))
        ok = r.status == 1 and not r.of("receipt") and (code is None or r.codes == [code])
        R.check(ok, f"forgery not refused as expected: {what} (want {code})", repr(r)[:400])
        R.add("forgeries_refused" if ok else "forgeries_accepted")
    R.check((state(L), len(journal(L)[0])) == before, "refused forgeries changed the ledger")
    # The genuine request applies once; its replay is refused.
    r = run("pandactl", ["--ledger", L], stdin=jl([good]))
    R.check(r.status == 0, "the genuine signed request", repr(r)[:300])
    r = run("pandactl", ["--ledger", L], stdin=jl([good]))
    ok = r.codes == ["replayed_nonce"]
    R.check(ok, "reused nonce not refused", repr(r)[:300])
    R.add("forgeries_refused" if ok else "forgeries_accepted")
    # Reused nonce with different content (a second request under a spent nonce).
    r = run("pandactl", ["--ledger", L], stdin=jl(t.sign("u0", [dict(req, nonce=4242, amount="3")])))
    ok = r.codes == ["replayed_nonce"]
    R.check(ok, "a new request under a spent nonce not refused", repr(r)[:300])
    R.add("forgeries_refused" if ok else "forgeries_accepted")
    # v as 0/1 is the same signature (accepted by DESIGN §8): a positive control, with a fresh nonce.
    g2 = t.sign("u0", [dict(req, nonce=4248)])[0]
    g2["sig"] = g2["sig"][:-2] + ("00" if g2["sig"].endswith("1b") else "01")
    r = run("pandactl", ["--ledger", L], stdin=jl([g2]))
    R.check(r.status == 0, "a signature with v = 0/1 is refused (DESIGN §8 accepts it)", repr(r)[:300])
    # The admin may set ts (backfills).
    adm = t.sign("admin", [{"op": "fund", "to": a["u0"], "amount": "1", "ts": "2099-01-01T00:00:00Z"}])[0]
    r = run("pandactl", ["--ledger", L], stdin=jl([adm]))
    R.check(r.status == 0, "the admin's ts is refused", repr(r)[:300])


def key_permissions(t, L):
    d = os.path.join(t.d, "perm")
    os.makedirs(d, exist_ok=True)
    for mode in (0o644, 0o640, 0o604, 0o666):
        k = os.path.join(d, "k.key")
        shutil.copyfile(t.keys["u0"], k)
        os.chmod(k, mode)
        for program, args in [("pandactl", ["transfer", "--to", DEAD, "--amount", "1", "--ledger", L, "--key", k]),
                              ("pandactl-sign", ["address", "--key", k]),
                              ("pandactl-sign", ["sign", "--key", k, "--chain-id", CHAIN]),
                              ("pandactl-curve", ["buy", "--symbol", "FNET", "--amount", "1", "--ledger", L, "--key", k])]:
            r = run(program, args, stdin="" if "sign" in args and "--chain-id" in args else None)
            ok = r.status == 77 and "key_file_permissions" in r.out
            R.check(ok, f"key file mode {oct(mode)} not refused by {program} {args[0]}", repr(r)[:300])
            R.add("key_files_refused" if ok else "key_files_accepted")
        os.unlink(k)


def main():
    print("tamper: signed ledger, every state table, role rules, forgeries, key file modes", flush=True)
    d = workdir("tamper")
    t = Signed(d, users=6)
    L = t.clone(os.path.join(d, "ledger.db"))
    populate(t, L)
    roles(t, L)
    forgeries(t, L)
    key_permissions(t, L)
    ok, ar = audit(L)
    R.check(ok, "audit after the role and forgery checks", repr(ar)[:400])
    tamper_tables(L)
    return R.save()


if __name__ == "__main__":
    sys.exit(main())
