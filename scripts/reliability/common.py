"""Shared helpers of the reliability suite: running the built programs, parsing JSON lines,
keys and a signed template ledger, result bookkeeping. Python standard library only."""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

BIN = os.environ.get("RELIABILITY_BIN", "")
WORK = os.environ.get("RELIABILITY_WORK", "")
SCALE = float(os.environ.get("RELIABILITY_SCALE", "1") or "1")
SEED = int(os.environ.get("RELIABILITY_SEED", "0") or "0")
RESULTS = os.environ.get("RELIABILITY_RESULTS", "")
CHAIN = "rel"
DEAD = "0x000000000000000000000000000000000000dEaD"
# Programs whose verbs are built. pandactl-orders / pandactl-ohlc are being built elsewhere: add them
# here (and a workload in crash.py / concurrency.py, a sample in fuzz.py SAMPLES) when they land.
PROGRAMS = ["pandactl", "pandactl-curve", "pandactl-train", "pandactl-predict",
            "pandactl-index", "pandactl-mint", "pandactl-burn", "pandactl-sign"]
PENDING_PROGRAMS: list = []  # every program is built and covered
# Exit statuses a program may end with (DESIGN §2); 70 (internal error) and signals never are.
CONTRACT_STATUSES = {0, 1, 64, 65, 66, 69, 74, 75, 77}


def prog(name):
    return os.path.join(BIN, name)


def env():
    e = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "TMPDIR", "LANG", "ASAN_OPTIONS", "UBSAN_OPTIONS")}
    e["PATH"] = BIN + ":" + e.get("PATH", "/usr/bin:/bin")
    return e


class Run:
    def __init__(self, status, sig, out, err, seconds):
        self.status, self.signal, self.out, self.err, self.seconds = status, sig, out, err, seconds

    @property
    def records(self):
        return parse_lines(self.out)[0]

    def of(self, t):
        return [r for r in self.records if r.get("type") == t]

    @property
    def codes(self):
        return [r.get("code") for r in self.of("error")]

    def __repr__(self):
        return f"<exit {self.status} signal {self.signal} out {self.out[:300]!r} err {self.err[:300]!r}>"


def run(name, args, stdin=None, timeout=120, cwd=None, extra_env=None, preexec=None):
    """Runs a program to completion; stdin is bytes, str or None (/dev/null)."""
    if isinstance(stdin, str):
        stdin = stdin.encode()
    e = env()
    if extra_env:
        e.update(extra_env)
    t0 = time.monotonic()
    try:
        p = subprocess.run([prog(name) if not name.startswith("/") else name] + list(args),
                           input=stdin if stdin is not None else None,
                           stdin=subprocess.DEVNULL if stdin is None else None,
                           capture_output=True, timeout=timeout, cwd=cwd, env=e, preexec_fn=preexec)
    except subprocess.TimeoutExpired as x:
        return Run(-999, None, (x.stdout or b"").decode("utf-8", "replace"), "TIMEOUT (hang?)", timeout)
    sig = -p.returncode if p.returncode < 0 else None
    err_text = p.stderr.decode("utf-8", "replace")
    if "Sanitizer" in err_text or "runtime error:" in err_text:
        sig = "sanitizer"  # an ASan/UBSan report is a crash, whatever the exit status
    return Run(p.returncode if p.returncode >= 0 else -1, sig, p.stdout.decode("utf-8", "replace"),
               p.stderr.decode("utf-8", "replace"), time.monotonic() - t0)


def parse_lines(text):
    """(records, bad_lines): complete lines parsed as JSON objects; a trailing unterminated line is ignored."""
    records, bad = [], []
    lines = text.split("\n")
    for line in lines[:-1]:
        if not line.strip():
            continue
        try:
            o = json.loads(line)
            if isinstance(o, dict):
                records.append(o)
            else:
                bad.append(line)
        except ValueError:
            bad.append(line)
    return records, bad


def jl(objs):
    return "".join(json.dumps(o, separators=(",", ":")) + "\n" for o in objs)


class Results:
    """Counters and failures of one part, written as JSON for the summary."""

    def __init__(self, part):
        self.part = part
        self.counters = {}
        self.failures = []
        self.bugs = []
        self.notes = []
        self.t0 = time.monotonic()

    def add(self, key, n=1):
        self.counters[key] = self.counters.get(key, 0) + n

    def fail(self, what, detail=""):
        msg = f"{what}: {detail}" if detail else what
        self.failures.append(msg[:2000])
        print(f"  FAIL [{self.part}] {msg[:600]}", flush=True)

    def check(self, cond, what, detail=""):
        if not cond:
            self.fail(what, detail)
        return cond

    def note(self, msg):
        self.notes.append(msg)
        print(f"  note [{self.part}] {msg}", flush=True)

    def save(self):
        data = {"part": self.part, "counters": self.counters, "failures": self.failures,
                "notes": self.notes, "seconds": round(time.monotonic() - self.t0, 1)}
        if RESULTS:
            with open(os.path.join(RESULTS, self.part + ".json"), "w") as f:
                json.dump(data, f, indent=1)
        print(f"[{self.part}] {json.dumps(self.counters)} failures={len(self.failures)} "
              f"({data['seconds']}s)", flush=True)
        return 1 if self.failures else 0


def workdir(name):
    d = os.path.join(WORK or tempfile.gettempdir(), name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def must(r, what):
    if r.status != 0:
        raise RuntimeError(f"setup step failed: {what}: {r!r}")
    return r


def keygen(d, name):
    path = os.path.join(d, name + ".key")
    r = must(run("pandactl-sign", ["keygen", "--out", path, "--plain"]), "keygen " + name)
    return path, r.records[0]["address"]


def rows(n, seed, label=True):
    """Rows for y = 2x1 - 3x2 + 0.5x3 + 1 + noise."""
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        x = [round(rnd.uniform(-10, 10), 6) for _ in range(3)]
        o = {"features": x}
        if label:
            o["label"] = round(2 * x[0] - 3 * x[1] + 0.5 * x[2] + 1 + rnd.uniform(-0.01, 0.01), 6)
        out.append(o)
    return out


def copy_ledger(src, dst):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(dst + suffix):
            os.unlink(dst + suffix)
        if os.path.exists(src + suffix):
            shutil.copyfile(src + suffix, dst + suffix)


def audit(ledger):
    """(ok, run): audit passes when it exits 0 and prints nothing."""
    r = run("pandactl", ["audit", "--ledger", ledger], timeout=300)
    return r.status == 0 and r.out.strip() == "", r


def state(ledger):
    """Accounts and every account's balance (PANDA, tokens, locked, owed): the state to compare."""
    accts = run("pandactl", ["accounts", "--ledger", ledger])
    lines = []
    names = []
    for a in accts.records:
        if a.get("type") in ("account", "receipt") and "account" in a:
            names.append(a["account"])
            lines.append(json.dumps(a, sort_keys=True))
    if names:
        req = jl({"op": "balance", "account": n} for n in names)
        b = run("pandactl", ["--ledger", ledger], stdin=req)
        for rec in b.records:
            rec = {k: v for k, v in rec.items() if k not in ("seq", "tx", "ts")}
            lines.append(json.dumps(rec, sort_keys=True))
    return "\n".join(lines)


def journal(ledger):
    """{seq: entry} of the whole journal."""
    r = run("pandactl", ["log", "--ledger", ledger], timeout=300)
    return {e["seq"]: e for e in r.records if e.get("type") == "entry"}, r


class Signed:
    """A signed ledger template: admin, an owner of models FNET, VISN (traded) and PRED (trained,
    predictions only), a verifier, an index manager with fund AI2, users u0..u{n-1}, and mallory."""

    def __init__(self, d, users=8):
        self.d = d
        self.path = os.path.join(d, "template.db")
        self.keys, self.addr = {}, {}
        for name in ["admin", "owner", "verifier", "manager", "mallory"] + [f"u{i}" for i in range(users)]:
            self.keys[name], self.addr[name] = keygen(d, name)
        self.users = [f"u{i}" for i in range(users)]
        L = ["--ledger", self.path]
        must(run("pandactl", ["init", "--admin-key", self.keys["admin"], "--chain-id", CHAIN] + L), "init")
        funds = [{"op": "fund", "to": self.addr[u], "amount": "1000000"} for u in self.users]
        funds += [{"op": "fund", "to": self.addr[n], "amount": a} for n, a in
                  [("owner", "1000"), ("manager", "1000"), ("verifier", "10"), ("mallory", "100")]]
        must(run("pandactl", ["--key", self.keys["admin"]] + L, stdin=jl(funds)), "fund")
        for sym in ["FNET", "VISN", "PRED"]:
            must(run("pandactl-curve", ["create", "--symbol", sym, "--key", self.keys["owner"]] + L), "create " + sym)
        for sym in ["FNET", "PRED"]:
            must(run("pandactl-train", ["--symbol", sym, "--key", self.keys["owner"]] + L, stdin=jl(rows(200, 1))), "train " + sym)
        must(run("pandactl-mint", ["verifier", "--symbol", "FNET", "--account", self.addr["verifier"],
                                   "--key", self.keys["owner"]] + L), "verifier")
        must(run("pandactl-index", ["create", "--name", "AI2", "--weights", '{"FNET":3,"VISN":2}',
                                    "--key", self.keys["manager"]] + L), "index create")
        # Every user holds tokens of every model, so sells, token transfers, burns and dividends work.
        for u in self.users:
            buys = [{"op": "buy", "symbol": s, "amount": 200, "max_cost": "1000000"} for s in ["FNET", "VISN", "PRED"]]
            must(self.apply("pandactl-curve", u, buys, self.path), "initial buys")
        # The index's first buy must be at least 1000 shares; u0 opens it so others may buy less.
        must(self.apply("pandactl-index", "u0", [{"op": "buy", "name": "AI2", "shares": 1000, "max_cost": "1000000"}],
                        self.path), "index first buy")

    def sign(self, who, objs):
        r = run("pandactl-sign", ["sign", "--key", self.keys[who], "--chain-id", CHAIN], stdin=jl(objs))
        if r.status != 0:
            raise RuntimeError(f"sign failed: {r!r}")
        return [json.loads(l) for l in r.out.splitlines() if l.strip()]

    def apply(self, program, who, objs, ledger):
        return run(program, ["--ledger", ledger, "--key", self.keys[who]], stdin=jl(objs))

    def clone(self, path):
        copy_ledger(self.path, path)
        return path


def seed_for(part):
    """The seed of a part: RELIABILITY_SEED (printed by run.sh), else a fixed default."""
    return (SEED or 20261122) + sum(ord(c) for c in part)
