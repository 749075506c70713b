#!/usr/bin/env python3
"""Fuzz suite: hostile JSON lines (mutations of valid requests) fed to every program's stream mode,
from a committed deterministic corpus (corpus/*.lines, replayed every run) and a seeded random
generator. Checks per run: no crash signal, no hang (timeout), exit status 0 or 1 (never 70), stdout
is JSON lines with a "type", every error record carries a line number of the input and no line has
two, every line that is not a JSON object (strict parse) got an error record, no internal_error,
and `pandactl audit` passes afterwards.

  python3 fuzz.py                      # corpus + random lines (RELIABILITY_SEED, RELIABILITY_SCALE)
  python3 fuzz.py --write-corpus DIR   # regenerate the committed corpus (deterministic)
"""
import json
import os
import random
import sys

from common import (CHAIN, SCALE, Results, Signed, audit, keygen, jl, must, parse_lines, run, seed_for,
                    workdir, rows)

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
R = Results("fuzz")
SEED = seed_for("fuzz")
RANDOM_LINES = max(50, int(1000 * SCALE))
TIMEOUT = 60
A1 = "0x000000000000000000000000000000000000dEaD"

# Valid requests per program (open ledger: names are accounts). The mutations start from these.
SAMPLES = {
    "pandactl": [
        {"op": "transfer", "from": "alice", "to": "bob", "amount": "1.5"},
        {"op": "fund", "from": "admin", "to": "carol", "amount": "3"},
        {"op": "balance", "account": "alice"},
        {"op": "accounts"},
    ],
    "pandactl-curve": [
        {"op": "buy", "from": "alice", "symbol": "FNET", "amount": 3, "max_cost": "100"},
        {"op": "sell", "from": "alice", "symbol": "FNET", "amount": 1, "min_payout": "0"},
        {"op": "quote", "symbol": "FNET", "side": "buy", "amount": 10},
        {"op": "transfer", "from": "alice", "symbol": "FNET", "to": "bob", "amount": 1},
        {"op": "claim", "from": "alice", "symbol": "FNET"},
        {"op": "price", "symbol": "FNET"},
        {"op": "stats", "symbol": "FNET"},
        {"op": "metrics", "from": "owner", "symbol": "FNET", "adoption": 0.5, "improvement": 0.9, "growth": 0.1},
        {"op": "create", "from": "owner", "symbol": "ZZZ", "curve": {"type": "linear", "a": "0.5", "b": "0.002"}},
        {"op": "table", "symbol": "FNET", "start": 0, "end": 100, "steps": 4},
    ],
    "pandactl-train": [dict(r, op="fit") for r in rows(5, 3)],
    "pandactl-predict": [
        {"op": "run", "from": "alice", "symbol": "FNET", "features": [1, 2, 3]},
        {"op": "run", "from": "alice", "symbol": "FNET", "features": [[1, 2, 3], [4, 5, 6]], "fee": "0.05"},
    ],
    "pandactl-index": [
        {"op": "buy", "from": "alice", "name": "AI2", "shares": 2, "max_cost": "1000"},
        {"op": "sell", "from": "alice", "name": "AI2", "shares": 1},
        {"op": "nav", "name": "AI2"},
        {"op": "portfolio", "name": "AI2"},
        {"op": "rebalance", "from": "manager", "name": "AI2"},
        {"op": "create", "from": "manager", "name": "AI3", "weights": {"FNET": 1, "VISN": 1}},
    ],
    "pandactl-mint": [
        {"op": "improvement", "from": "owner", "symbol": "FNET", "bps": 150, "contributor": "dana"},
        {"op": "distribute", "from": "owner", "symbol": "FNET", "to": "bob", "amount": 5, "cliff": "1d", "period": "30d"},
        {"op": "release", "from": "bob", "symbol": "FNET"},
        {"op": "provenance", "from": "owner", "symbol": "FNET", "data_hash": "0x" + "ab" * 32, "quality": 0.9,
         "delta": 0.01, "contributor": "dana"},
        {"op": "verifier", "from": "owner", "symbol": "FNET", "account": "ver"},
        {"op": "block-reward", "from": "owner", "symbol": "FNET", "operator": "bob", "alpha": 0.001},
        {"op": "initial", "from": "owner", "symbol": "VISN", "score": 0.9},
        {"op": "policy", "from": "owner", "symbol": "FNET", "reward_per_bps": 5},
    ],
    "pandactl-burn": [
        {"op": "access", "from": "alice", "symbol": "FNET", "requests": 2},
        {"op": "redeem", "from": "alice", "symbol": "FNET", "amount": 1, "min_payout": "0"},
        {"op": "rate", "from": "owner", "symbol": "FNET", "account": "bob", "tokens_per_request": "0.5"},
    ],
    # pandactl-sign's stream verbs: sign (a key, no ledger), verify and recover (signed lines).
    "pandactl-sign": [
        {"op": "transfer", "to": A1, "amount": "1"},
        {"op": "buy", "symbol": "FNET", "amount": 2},
    ],
    "pandactl-orders": [
        {"op": "place", "from": "alice", "symbol": "FNET", "side": "sell", "price": "2.5", "amount": 3},
        {"op": "place", "from": "bob", "symbol": "FNET", "side": "buy", "price": "2.6", "amount": 2, "tif": "ioc"},
        {"op": "place", "from": "bob", "symbol": "FNET", "side": "buy", "type": "market", "max_cost": "10"},
        {"op": "place", "from": "alice", "symbol": "FNET", "side": "sell", "price": "3", "amount": 1, "tif": "post_only"},
        {"op": "cancel", "from": "alice", "order_id": 12},
        {"op": "book", "symbol": "FNET", "depth": 3},
        {"op": "trades", "symbol": "FNET", "since": 0},
        {"op": "markets"},
    ],
    "pandactl-ohlc": [
        {"type": "trade", "venue": "book", "symbol": "FNET", "price": "1.5", "amount": 3, "ts": "2026-11-22T00:00:01Z"},
        {"type": "trade", "venue": "curve", "symbol": "FNET", "price": "1.6", "amount": 1, "ts": "2026-11-22T00:00:02.5Z"},
    ],
}

HOSTILE_VALUES = [
    1e400, "1e400", -1, -5, 0, 0.5, 1.5, "-0", "0.0000000000000000001", "1" * 60, 2 ** 64, 2 ** 53 + 1, -(2 ** 63),
    "NaN", "Infinity", None, True, False, [], {}, "", " 5", "5 ", "0x10", "1e3", "١٢٣", "5.5.5", "+1", ".5", "1.",
    "abc", "\u0000", "\ud83d\ude00", [1, [2, [3]]], {"a": {"b": 1}}, "x" * 70, "0X" + "f" * 40,
]
RAW_VALUES = ["1e400", "-1e400", "1e-400", "123456789012345678901234567890123456789", "-0", "0.1e1",
              "01", "-", "1e", ".5", "+1", "NaN", "Infinity", "\"\\ud800\"", "\"\\uZZZZ\"", "\"\\u0000\"",
              "\"a\\qb\"", "[", "{", "nul", "tru", "\"\x01\"", "\"\t\""]
BAD_BYTES = [b"\xff", b"\xc3\x28", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x00", b"\xe2\x82", b"\x80"]


def dumps(o):
    return json.dumps(o, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogatepass")


def mutate(rng, sample, fields_pool):
    """One hostile line (bytes, no newline) derived from a valid sample."""
    o = dict(sample)
    k = rng.randrange(16)
    keys = list(o.keys())
    if k == 0:  # truncation
        b = dumps(o)
        return b[:rng.randrange(len(b))]
    if k == 1:  # byte flips
        b = bytearray(dumps(o))
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(b))
            b[i] ^= 1 << rng.randrange(8)
        return bytes(b).replace(b"\n", b" ")
    if k == 2:  # invalid UTF-8 somewhere
        b = dumps(o)
        i = rng.randrange(len(b))
        return b[:i] + rng.choice(BAD_BYTES) + b[i:]
    if k == 3:  # a hostile value for an existing or a known field
        o[rng.choice(keys + fields_pool)] = rng.choice(HOSTILE_VALUES)
        return dumps(o)
    if k == 4:  # a raw hostile token as a value
        key = rng.choice(keys)
        b = dumps({kk: v for kk, v in o.items() if kk != key})
        return b[:-1] + (b"," if len(b) > 2 else b"") + f'"{key}":{rng.choice(RAW_VALUES)}'.encode("utf-8", "surrogatepass") + b"}"
    if k == 5:  # deep nesting
        depth = rng.choice([64, 200, 1000, 20000])
        key = rng.choice(keys)
        inner = "[" * depth + "1" + "]" * depth if rng.random() < 0.5 else '{"a":' * depth + "1" + "}" * depth
        b = dumps({kk: v for kk, v in o.items() if kk != key})
        return b[:-1] + f',"{key}":{inner}}}'.encode()
    if k == 6:  # a long string (1 MB sometimes)
        o[rng.choice(keys)] = "x" * rng.choice([300, 70000, 1 << 20 if rng.random() < 0.1 else 5000])
        return dumps(o)
    if k == 7:  # duplicate keys
        key = rng.choice(keys)
        b = dumps(o)
        return b[:-1] + b"," + dumps({key: rng.choice(HOSTILE_VALUES[:12])})[1:]
    if k == 8:  # wrong type for a field
        key = rng.choice(keys)
        v = o[key]
        o[key] = [v] if not isinstance(v, list) else {"v": v}
        return dumps(o)
    if k == 9:  # unknown field / unknown op
        if rng.random() < 0.5:
            o["zz_" + str(rng.randrange(1000))] = 1
        else:
            o["op"] = rng.choice(["launch", "", "TRANSFER", "transfer ", "drop table", 7, None])
        return dumps(o)
    if k == 10:  # missing field
        if keys:
            del o[rng.choice(keys)]
        return dumps(o)
    if k == 11:  # not an object
        return rng.choice([b"[1,2,3]", b'"just a string"', b"42", b"null", b"true", b"{}", b"[]", b"{"])
    if k == 12:  # random bytes
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 80))).replace(b"\n", b"")
    if k == 13:  # whitespace, BOM, CR
        return rng.choice([b"\xef\xbb\xbf", b"\r", b"\t", b"\x0b", b"  "]) + dumps(o) + rng.choice([b"\r", b" ", b"", b"\x0c"])
    if k == 14:  # negative / fractional token and PANDA amounts
        for key in keys:
            if key in ("amount", "shares", "requests", "bps", "score", "fee", "max_cost", "min_payout", "steps"):
                o[key] = rng.choice([-1, -0.5, 0.5, 1e-30, "-1", "0", 10 ** 30, "1e2", 3.0])
        return dumps(o)
    # k == 15: a record of another kind, or a type confusion
    o["type"] = rng.choice(["receipt", "request", "error", 5, None, "trained", "trade"])
    return dumps(o)


def strictly_invalid(line):
    """True when `line` is not a single JSON object by a strict reading (UTF-8, no NaN, no duplicate keys)."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return True

    def pairs(ps):
        keys = [k for k, _ in ps]
        if len(keys) != len(set(keys)):
            raise ValueError("duplicate key")
        return dict(ps)

    def const(c):
        raise ValueError(c)
    try:
        o = json.loads(text, object_pairs_hook=pairs, parse_constant=const)
    except (ValueError, RecursionError):
        return True
    return not isinstance(o, dict)


def write_corpus(d):
    """The committed corpus: per program, deterministic hostile lines (seed 1)."""
    os.makedirs(d, exist_ok=True)
    rng = random.Random(1)
    for program, samples in SAMPLES.items():
        pool = sorted({k for s in samples for k in s})
        lines = []
        # Handwritten classics first, then 150 mutations.
        lines += [b'{"op":"' + samples[0].get("op", "fit").encode() + b'"', b"\xff\xfe\xfd", b"[" * 20000, b'{"a":' * 5000,
                  b'{"op":"transfer","op":"fund"}', b"\xef\xbb\xbf{}", b'{"op":"x","amount":1e400}', b"", b"   ",
                  b'{"op":"balance","account":"al\\u0000ice"}', b'{"op":"balance","account":"\\ud800"}']
        while len(lines) < 161:  # 150 mutations, none over 64 KB (the random part sends 1 MB lines)
            m = mutate(rng, rng.choice(samples), pool)
            if len(m) <= 65536:
                lines.append(m)
        with open(os.path.join(d, program + ".lines"), "wb") as f:
            for l in lines:
                f.write(l.replace(b"\n", b" ") + b"\n")


def check_run(tag, r, lines, ledger, allow_line_dup=False):
    R.add("runs")
    R.add("lines_fuzzed", len(lines))
    if not R.check(r.signal is None, f"{tag}: killed by signal {r.signal}", r.err[-800:]):
        return False
    if not R.check(r.status != -999, f"{tag}: hang (no exit within {TIMEOUT}s)"):
        return False
    R.check(r.status in (0, 1), f"{tag}: exit status {r.status} in stream mode (want 0 or 1)", r.err[-600:])
    recs, bad = parse_lines(r.out)
    R.check(not bad, f"{tag}: stdout has {len(bad)} lines that are not JSON objects", repr(bad[:2])[:400])
    # pandactl-sign sign prints requests (no "type") and passes other programs' records through.
    if not tag.startswith("pandactl-sign sign"):
        R.check(all("type" in x for x in recs), f"{tag}: a record without a type")
    errors = [x for x in recs if x.get("type") == "error" and "code" in x]
    internal = [x for x in errors if x.get("code") == "internal_error"]
    R.check(not internal, f"{tag}: internal_error records", json.dumps(internal[:2])[:600])
    seen = {}
    for e in errors:
        ln = e.get("line")
        if not R.check(isinstance(ln, int) and 1 <= ln <= len(lines), f"{tag}: error record without a valid line", json.dumps(e)[:300]):
            return False
        seen[ln] = seen.get(ln, 0) + 1
    dups = {k: v for k, v in seen.items() if v > 1}
    if not allow_line_dup:
        R.check(not dups, f"{tag}: lines with more than one error record", str(list(dups.items())[:5]))
    missing = [i + 1 for i, l in enumerate(lines) if l.strip(b" \t\r") and strictly_invalid(l) and (i + 1) not in seen]
    R.check(not missing, f"{tag}: {len(missing)} malformed lines without an error record",
            "lines " + str(missing[:8]) + ": " + repr([lines[i - 1][:80] for i in missing[:3]]))
    R.add("error_records", len(errors))
    if ledger:
        ok, ar = audit(ledger)
        R.check(ok, f"{tag}: audit after the run", repr(ar)[:600])
    return True


def open_ledger(d):
    """An open ledger with alice, bob, owner (FNET trained, VISN), manager (index AI2)."""
    L = os.path.join(d, "fuzz.db")
    a = ["--ledger", L]
    must(run("pandactl", ["init", "--auth", "open", "--chain-id", "fuzz"] + a), "init")
    must(run("pandactl", a, stdin=jl({"op": "fund", "to": n, "amount": "100000"} for n in ["alice", "bob", "owner", "manager"])), "fund")
    for s in ["FNET", "VISN"]:
        must(run("pandactl-curve", ["create", "--symbol", s, "--from", "owner"] + a), "create")
    must(run("pandactl-train", ["--symbol", "FNET", "--from", "owner"] + a, stdin=jl(rows(100, 1))), "train")
    must(run("pandactl-curve", a, stdin=jl({"op": "buy", "from": "alice", "symbol": s, "amount": 100, "max_cost": "100000"}
                                          for s in ["FNET", "VISN"])), "buy")
    must(run("pandactl-index", ["create", "--name", "AI2", "--weights", '{"FNET":3,"VISN":2}', "--from", "manager"] + a), "index")
    must(run("pandactl-index", ["buy", "--name", "AI2", "--shares", "1000", "--max-cost", "100000", "--from", "alice"] + a), "index buy")
    return L


def invocations(program, L, keyfile, signed_file):
    """[(tag, args, uses_ledger)] stream invocations of a program."""
    if program == "pandactl-train":
        return [("fit", ["fit", "-", "--symbol", "FNET", "--from", "owner", "--skip-bad", "--ledger", L], True)]
    if program == "pandactl-predict":
        return [("run", ["run", "-", "--symbol", "FNET", "--from", "alice", "--ledger", L], True)]
    if program == "pandactl-ohlc":
        return [("candles", ["-", "--interval", "1m", "--fill"], False)]
    if program == "pandactl-sign":
        return [("sign", ["sign", "--key", keyfile, "--chain-id", CHAIN], False),
                ("verify", ["verify", "--chain-id", CHAIN], False),
                ("recover", ["recover"], False)]
    return [("stream", ["--ledger", L], True)]


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--write-corpus":
        write_corpus(sys.argv[2])
        return 0
    print(f"fuzz: seed {SEED}, corpus {CORPUS}, {RANDOM_LINES} random lines per program invocation", flush=True)
    d = workdir("fuzz")
    L = open_ledger(d)
    keyfile, _ = keygen(d, "signer")
    rng = random.Random(SEED)
    for program, samples in SAMPLES.items():
        pool = sorted({k for s in samples for k in s})
        corpus = open(os.path.join(CORPUS, program + ".lines"), "rb").read().split(b"\n")[:-1]
        generated = [mutate(rng, rng.choice(samples), pool).replace(b"\n", b" ") for _ in range(RANDOM_LINES)]
        # Valid lines mixed in, so rejected lines sit inside groups of applied ones.
        valid = [dumps(s) for s in samples]
        for name, lines in [("corpus", corpus), ("random", generated)]:
            mixed = []
            for l in lines:
                mixed.append(l)
                if rng.random() < 0.3:
                    mixed.append(rng.choice(valid))
            for tag, args, uses_ledger in invocations(program, L, keyfile, None):
                data = b"".join(l + b"\n" for l in mixed)
                r = run(program, args, stdin=data, timeout=TIMEOUT)
                check_run(f"{program} {tag} ({name})", r, mixed, L if uses_ledger else None,
                          allow_line_dup=(program == "pandactl-train"))
        print(f"  {program}: done", flush=True)
    signed_fuzz(d, rng)
    ok, ar = audit(L)
    R.check(ok, "final audit of the fuzzed open ledger", repr(ar)[:400])
    return R.save()


def signed_fuzz(d, rng):
    """Signature parsing on a signed ledger: mutated sig / nonce / chain / from fields never apply a
    request that was not signed as it stands, never crash, and audit passes."""
    os.makedirs(os.path.join(d, "signed"), exist_ok=True)
    t = Signed(os.path.join(d, "signed"), users=2)
    L = t.clone(os.path.join(d, "signed.db"))
    n = max(50, int(300 * SCALE))
    base = t.sign("u0", [{"op": "transfer", "to": t.addr["u1"], "amount": "0.001"} for _ in range(n)])
    lines = []
    for o in base:
        o = dict(o)
        k = rng.randrange(10)
        sig = o["sig"]
        if k == 0:
            o["sig"] = sig[:rng.randrange(len(sig))]
        elif k == 1:
            o["sig"] = rng.choice(["", "0x", "0X" + sig[2:], sig.upper(), sig + "00", "0x" + "00" * 65, "0x" + "ff" * 65,
                                   sig[:-2] + rng.choice(["00", "01", "1d", "ff", "1b", "1c"]), 5, None, [sig], "zz" + sig[2:]])
        elif k == 2:
            o["nonce"] = rng.choice([-1, 1.5, "7", 2 ** 53, 2 ** 64, 1e400, None, [1]])
        elif k == 3:
            o["chain"] = rng.choice([5, "", "REL", "rel ", None, "x" * 1000])
        elif k == 4:
            o["from"] = rng.choice([o["from"].lower(), o["from"].upper(), "0x" + "0" * 40, "alice", "", 7])
        elif k == 5:
            b = bytearray(bytes.fromhex(sig[2:]))
            b[rng.randrange(65)] ^= 1 << rng.randrange(8)
            o["sig"] = "0x" + b.hex()
        elif k == 6:
            o["amount"] = "0.002"
        lines.append(dumps(o))
    r = run("pandactl", ["--ledger", L], stdin=b"".join(l + b"\n" for l in lines), timeout=TIMEOUT)
    check_run("pandactl signed-ledger signature fuzz", r, lines, L)
    # Whatever applied must be exactly a request u0 signed (the journal's sender is u0, the request
    # unchanged but for the signature's spelling).
    signed_by_nonce = {o["nonce"]: o for o in base}
    log = run("pandactl", ["log", "--ledger", L])
    for e in log.records:
        if e.get("op") == "transfer":
            req = e["request"]
            orig = signed_by_nonce.get(req.get("nonce"))
            R.check(orig is not None and e["sender"] == t.addr["u0"] and
                    {k: v for k, v in req.items() if k != "sig"} == {k: v for k, v in orig.items() if k != "sig"},
                    "a mutated signed request was applied", json.dumps(req)[:400])
            R.add("signed_mutations_applied_as_signed")


if __name__ == "__main__":
    sys.exit(main())
