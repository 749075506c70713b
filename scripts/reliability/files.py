#!/usr/bin/env python3
"""Files suite: missing ledger, a non-SQLite file, a truncated or corrupt ledger, a read-only ledger
or directory, a full disk (`ulimit -f` with SIGXFSZ ignored, so writes fail with EFBIG; and a small
tmpfs when mounting is allowed, so writes fail with ENOSPC). Each case: a clear message, the
contract's exit status, no partial write, and an intact ledger still passes `audit` afterwards."""
import json
import os
import shutil
import subprocess
import sys

from common import (DEAD, Results, Signed, audit, copy_ledger, env, jl, journal, parse_lines, prog, run, state, workdir)

R = Results("files")
CRASHY = {-1, 70, -999}
PROGS_WITH_LEDGER = ["pandactl", "pandactl-curve", "pandactl-train", "pandactl-predict", "pandactl-index",
                     "pandactl-mint", "pandactl-burn"]


def expect(tag, r, statuses, code=None, words=None):
    ok = r.signal is None and r.status in statuses
    if code:
        ok = ok and code in r.out
    if words:
        ok = ok and any(w in r.err.lower() for w in words)
    R.check(ok, f"{tag}: want exit {sorted(statuses)}{' ' + code if code else ''}", repr(r)[:500])
    R.add("file_cases")
    return ok


def open_ledger(d, name="l.db"):
    L = os.path.join(d, name)
    run("pandactl", ["init", "--auth", "open", "--ledger", L, "--chain-id", "files"])
    run("pandactl", ["--ledger", L], stdin=jl({"op": "fund", "to": n, "amount": "1000"} for n in ["alice", "bob", "owner"]))
    run("pandactl-curve", ["create", "--symbol", "FNET", "--from", "owner", "--ledger", L])
    run("pandactl", ["--ledger", L], stdin=jl({"op": "transfer", "from": "alice", "to": "bob", "amount": "0.01"} for _ in range(3000)))
    return L


def extra(p):
    return ["--symbol", "FNET", "--from", "owner"] if p in ("pandactl-train", "pandactl-predict") else []


def bad_ledgers(d, L):
    missing = os.path.join(d, "none.db")
    for p in PROGS_WITH_LEDGER:
        r = run(p, ["--ledger", missing] + extra(p), stdin=jl([{"op": "balance", "account": "alice"}]))
        expect(f"{p}: missing ledger (stream)", r, {66}, "ledger_missing")
        R.check(not os.path.exists(missing), f"{p} created the missing ledger")
    expect("pandactl balance: missing ledger", run("pandactl", ["balance", "--account", "a", "--ledger", missing]), {66}, "ledger_missing")
    expect("pandactl audit: missing ledger", run("pandactl", ["audit", "--ledger", missing]), {66}, "ledger_missing")
    text = os.path.join(d, "text.db")
    open(text, "w").write("this is not a database\n" * 500)
    empty = os.path.join(d, "empty.db")
    open(empty, "w").close()
    trunc = os.path.join(d, "trunc.db")
    copy_ledger(L, trunc)
    size = os.path.getsize(trunc)
    with open(trunc, "r+b") as f:
        f.truncate(size // 2)
    hdr = os.path.join(d, "header.db")
    copy_ledger(L, hdr)
    with open(hdr, "r+b") as f:
        f.write(b"\0" * 100)
    corrupt = os.path.join(d, "corrupt.db")
    copy_ledger(L, corrupt)
    # Overwrite some pages in the middle (dd conv=notrunc).
    subprocess.run(["dd", "if=/dev/urandom", f"of={corrupt}", "bs=4096", f"seek={max(2, size // 4096 // 2)}", "count=3",
                    "conv=notrunc"], capture_output=True, check=True)
    for name, path in [("text file", text), ("empty file", empty), ("truncated ledger", trunc),
                       ("zeroed header", hdr), ("pages overwritten", corrupt)]:
        before = open(path, "rb").read()
        r = run("pandactl", ["audit", "--ledger", path])
        expect(f"audit of a {name}", r, {74} if name != "pages overwritten" else {1, 74})
        R.check(r.status != 0, f"audit passes on a {name}")
        for p in PROGS_WITH_LEDGER:
            req = {"op": "transfer", "from": "alice", "to": "bob", "amount": "1"} if p == "pandactl" else {"op": "nav", "name": "x"}
            r = run(p, ["--ledger", path] + extra(p), stdin=jl([req]) if p not in ("pandactl-train", "pandactl-predict") else
                    jl([{"features": [1, 2, 3], "label": 1}]), timeout=60)
            statuses = {74} if name != "pages overwritten" else {0, 1, 74}
            ok = expect(f"{p} on a {name}", r, statuses)
            if ok and r.status == 74:
                R.check(any(w in r.err for w in ("corrupt", "not a pandactl ledger", "malformed", "I/O", "not a database")),
                        f"{p} on a {name}: the message is not clear", r.err[:300])
        R.check(name == "pages overwritten" or open(path, "rb").read() == before, f"a {name} was modified by the programs")
        r = run("pandactl", ["init", "--auth", "open", "--ledger", path])
        expect(f"init over a {name}", r, {74}, "file_exists")


def as_nobody(cmd):
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + cmd


def read_only(d, L):
    if shutil.which("setpriv") is None or os.geteuid() != 0:
        R.note("read-only cases need root and setpriv (to run as nobody); skipped")
        return
    ro = os.path.join(d, "ro")
    os.makedirs(ro)
    # nobody must reach the directory (mktemp makes the work directory 0700).
    p = d
    while p not in ("/", "") and os.stat(p).st_uid == 0 and (p.startswith(os.environ.get("RELIABILITY_WORK") or "/nonexistent") or p == d):
        os.chmod(p, os.stat(p).st_mode | 0o055)
        p = os.path.dirname(p)
    os.chmod(ro, 0o755)
    # A ledger nobody may read: a permission error, not "no ledger here, create one".
    locked = os.path.join(d, "locked.db")
    copy_ledger(L, locked)
    os.chmod(locked, 0o600)
    r = subprocess.run(as_nobody([prog("pandactl"), "balance", "--account", "alice", "--ledger", locked]),
                       capture_output=True, text=True, env=env(), timeout=60)
    R.check(r.returncode in (74, 77) and "ledger_missing" not in r.stdout,
            f"a ledger the user may not read: exit {r.returncode} (want 77 or 74, not 66 ledger_missing)", (r.stdout + r.stderr)[:300])
    R.add("file_cases")
    for case in ("file 0444", "directory 0555"):
        for f in os.listdir(ro):
            os.unlink(os.path.join(ro, f))
        os.chmod(ro, 0o755)
        db = os.path.join(ro, "l.db")
        copy_ledger(L, db)
        os.chown(ro, 65534, 65534)
        for f in os.listdir(ro):
            os.chown(os.path.join(ro, f), 65534, 65534)
        if case == "file 0444":
            os.chmod(db, 0o444)
        else:
            os.chmod(db, 0o644)
            os.chmod(ro, 0o555)
        before = open(db, "rb").read()
        e = env()
        write = subprocess.run(as_nobody([prog("pandactl"), "transfer", "--from", "alice", "--to", "bob", "--amount", "1",
                                          "--ledger", db]), capture_output=True, text=True, env=e, timeout=60)
        ok = write.returncode in (74, 77) and write.stderr.strip() != ""
        R.check(ok, f"read-only {case}: a write gives exit {write.returncode} (want 74 or 77 and a message)",
                (write.stdout + write.stderr)[:400])
        R.add("file_cases")
        stream = subprocess.run(as_nobody([prog("pandactl"), "--ledger", db]), input=jl(
            [{"op": "transfer", "from": "alice", "to": "bob", "amount": "1"}] * 5), capture_output=True, text=True, env=e, timeout=60)
        R.check(stream.returncode in (74, 77) and '"receipt"' not in stream.stdout,
                f"read-only {case}: a stream write gives exit {stream.returncode}", (stream.stdout + stream.stderr)[:400])
        R.add("file_cases")
        for q in (["balance", "--account", "alice"], ["accounts"], ["log", "--since", "3000"], ["stats"], ["audit"]):
            r = subprocess.run(as_nobody([prog("pandactl")] + q + ["--ledger", db]), capture_output=True, text=True, env=e, timeout=120)
            R.check(r.returncode == 0, f"read-only {case}: query {q[0]} fails with exit {r.returncode}", (r.stdout + r.stderr)[:400])
            R.add("file_cases")
        R.check(open(db, "rb").read() == before, f"read-only {case}: the ledger file changed")
        os.chmod(ro, 0o755)
        # Root can write again: the ledger is intact.
        ok, ar = audit(db)
        R.check(ok, f"read-only {case}: audit afterwards", repr(ar)[:300])


def full_disk_ulimit(d, L):
    """File-size limit: the WAL cannot grow, so a big group fails mid-way with EFBIG."""
    db = os.path.join(d, "full.db")
    copy_ledger(L, db)
    j0, _ = journal(db)
    s0 = state(db)
    reqs = jl({"op": "transfer", "from": "alice", "to": f"sink{i % 50}", "amount": "0.001", "memo_pad": None} for i in range(0))
    reqs = jl({"op": "transfer", "from": "alice", "to": f"acct{i}", "amount": "0.001"} for i in range(20000))
    inp = os.path.join(d, "full.jsonl")
    open(inp, "w").write(reqs)
    limit_kb = (os.path.getsize(db) + os.path.getsize(db + '-wal') if os.path.exists(db + '-wal') else os.path.getsize(db)) // 1024 + 1024
    cmd = f"trap '' XFSZ; ulimit -f {limit_kb}; exec '{prog('pandactl')}' --ledger '{db}' --input '{inp}'"
    p = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, env=env(), timeout=300)
    recs, bad = parse_lines(p.stdout)
    R.check(p.returncode == 74, f"full disk (ulimit -f): exit {p.returncode}, want 74", p.stderr[-400:])
    R.check(any(r.get("code") == "io_error" for r in recs) or "io_error" in p.stderr,
            "full disk (ulimit -f): no io_error record", p.stdout[-300:])
    R.add("file_cases")
    print(f"  ulimit -f {limit_kb}: exit {p.returncode}, {len([r for r in recs if r.get('type') == 'receipt'])} receipts "
          f"before the failure: {p.stderr.strip()[-160:]}", flush=True)
    check_after_full(db, recs, j0, "ulimit -f")
    # A backup that cannot be written: exit 74, no archive under the target name.
    target = os.path.join(d, "b.tar")
    cmd = f"trap '' XFSZ; ulimit -f 64; exec '{prog('pandactl')}' backup '{target}' --ledger '{db}'"
    p = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, env=env(), timeout=300)
    R.check(p.returncode == 74 and not os.path.exists(target), f"backup onto a full disk: exit {p.returncode}, "
            f"archive {'exists' if os.path.exists(target) else 'absent'}", p.stderr[-300:])
    R.add("file_cases")
    leftovers = [f for f in os.listdir(d) if ".part-" in f or f.startswith(".pandactl-backup-")]
    R.check(not leftovers, "a failed backup left temporary files", str(leftovers))


def check_after_full(db, recs, j0, how):
    j1, lr = journal(db)
    R.check(lr.status == 0, f"full disk ({how}): the ledger does not open afterwards", repr(lr)[:300])
    printed = [r for r in recs if r.get("type") == "receipt"]
    missing = [r for r in printed if r["seq"] not in j1 or j1[r["seq"]]["hash"] != r["tx"]]
    R.check(not missing, f"full disk ({how}): printed receipts missing from the journal", json.dumps(missing[:2])[:300])
    R.check(len(j1) == len(j0) + len(printed), f"full disk ({how}): journal grew by {len(j1) - len(j0)}, "
            f"{len(printed)} receipts printed (a partial group was kept?)")
    ok, ar = audit(db)
    R.check(ok, f"full disk ({how}): audit afterwards", repr(ar)[:300])
    R.add("receipts_checked", len(printed))


def full_disk_tmpfs(d, L):
    mnt = os.path.join(d, "mnt")
    os.makedirs(mnt)
    size = os.path.getsize(L) + 3 * 1024 * 1024
    p = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", mnt], capture_output=True, text=True)
    if p.returncode != 0:
        R.note(f"cannot mount a small tmpfs here ({p.stderr.strip()[:80]}); the ulimit -f case covers the full disk")
        return
    try:
        db = os.path.join(mnt, "l.db")
        copy_ledger(L, db)
        j0, _ = journal(db)
        # Leave ~200 KiB free.
        st = os.statvfs(mnt)
        free = st.f_bavail * st.f_frsize
        with open(os.path.join(mnt, "filler"), "wb") as f:
            f.write(b"\0" * max(0, free - 1024 * 1024))
        reqs = jl({"op": "transfer", "from": "alice", "to": f"acct{i}", "amount": "0.001"} for i in range(20000))
        r = run("pandactl", ["--ledger", db], stdin=reqs, timeout=300)
        R.check(r.status == 74, f"full disk (tmpfs ENOSPC): exit {r.status}, want 74", r.err[-400:])
        R.check("io_error" in r.out or "full" in r.err.lower(), "full disk (tmpfs): no io_error / clear message", r.err[-300:])
        R.add("file_cases")
        print(f"  tmpfs: exit {r.status}, {len(r.of('receipt'))} receipts before the failure: {r.err.strip()[-160:]}", flush=True)
        os.unlink(os.path.join(mnt, "filler"))
        check_after_full(db, r.records, j0, "tmpfs ENOSPC")
    finally:
        subprocess.run(["umount", mnt], capture_output=True)


def main():
    print("files: missing, non-SQLite, truncated, corrupt, read-only, full disk", flush=True)
    d = workdir("files")
    L = open_ledger(d)
    bad_ledgers(d, L)
    read_only(d, L)
    full_disk_ulimit(d, L)
    full_disk_tmpfs(d, L)
    ok, ar = audit(L)
    R.check(ok, "the original ledger audits", repr(ar)[:300])
    return R.save()


if __name__ == "__main__":
    sys.exit(main())
