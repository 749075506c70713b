#!/usr/bin/env python3
"""The Python peer of `pandactl transfer`: the same writes with sqlite3 and one transaction per 8,000
lines. Per line: parse the JSON request, check it, read both balances, update them (exact integers of
base units), append a hash-chained journal row (canonical JSON, SHA3-256 standing in for Keccak-256,
which the standard library lacks), and print a receipt. The ledger is a sqlite3 file or a PostgreSQL URL
(bench/peer_db.py; psycopg 3 there). Usage: transfer_peer.py LEDGER.db|postgresql://... < lines.jsonl"""
import hashlib, json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_db
from decimal import Decimal

db = peer_db.connect(sys.argv[1])
db.script("""
CREATE TABLE IF NOT EXISTS accounts (account TEXT PRIMARY KEY, panda TEXT NOT NULL, created_seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS journal (seq INTEGER PRIMARY KEY, ts INTEGER NOT NULL, op TEXT NOT NULL, sender TEXT NOT NULL,
  request TEXT NOT NULL, result TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
""")
ONE = 10**18
def units(text):
    d = Decimal(str(text)) * ONE
    if d != d.to_integral_value() or d <= 0:
        raise ValueError("bad amount")
    return int(d)
def fmt(u):
    s = f"{u // ONE}.{u % ONE:018d}".rstrip("0").rstrip(".")
    return s
row = db.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
seq, prev = row if row else (0, "0x" + "0" * 64)
out = sys.stdout
db.begin()
n = 0
for line in sys.stdin:
    n += 1
    try:
        r = json.loads(line)
        frm, to, amount = r["from"], r["to"], units(r["amount"])
        fb = db.execute("SELECT panda FROM accounts WHERE account = ?", (frm,)).fetchone()
        if fb is None or int(fb[0]) < amount:
            raise ValueError("insufficient_funds")
        tb = db.execute("SELECT panda FROM accounts WHERE account = ?", (to,)).fetchone()
        seq += 1
        fa, ta = int(fb[0]) - amount, (int(tb[0]) if tb else 0) + amount
        db.execute("UPDATE accounts SET panda = ? WHERE account = ?", (str(fa), frm))
        if tb:
            db.execute("UPDATE accounts SET panda = ? WHERE account = ?", (str(ta), to))
        else:
            db.execute("INSERT INTO accounts VALUES (?, ?, ?)", (to, str(ta), seq))
        result = {"to": to, "amount": fmt(amount), "balances": {frm: fmt(fa), to: fmt(ta)}}
        req = json.dumps(r, sort_keys=True, separators=(",", ":"))
        res = json.dumps(result, sort_keys=True, separators=(",", ":"))
        entry = json.dumps({"op": "transfer", "request": r, "result": result, "sender": frm, "seq": seq}, sort_keys=True, separators=(",", ":"))
        h = "0x" + hashlib.sha3_256(bytes.fromhex(prev[2:]) + entry.encode()).hexdigest()
        db.execute("INSERT INTO journal VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (seq, 0, "transfer", frm, req, res, prev, h))
        prev = h
        out.write(json.dumps({"type": "receipt", "op": "transfer", "seq": seq, "tx": h, **result}) + "\n")
    except Exception as e:
        out.write(json.dumps({"type": "error", "line": n, "message": str(e)}) + "\n")
    if n % 8000 == 0:  # pandactl groups up to 8,000 lines per transaction
        db.commit()
        db.begin()
db.commit()
