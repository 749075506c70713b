#!/usr/bin/env python3
"""The Python peer of `pandactl-curve buy`/`sell`: the seed's TokenizedModel logic (its _cost_to_buy,
_return_for_sell, balances, total_supply and reserve_balance, in Python floats as the seed computes
them) persisted with sqlite3 or, given a postgresql:// URL, psycopg 3 (bench/peer_db.py), one transaction per 8,000 lines (as pandactl groups them). Per line: parse the JSON request, check
it, read the model's supply and reserve and the sender's token and PANDA balances, apply the seed's
buy or sell, write the rows back, record the trade in a `curve_trades` row (the table and indexes
pandactl keeps for prices over time, stats and candles), append a hash-chained journal row (canonical
JSON, SHA3-256 standing in for Keccak-256, which the standard library lacks), and print a receipt.
Usage: curve_peer.py LEDGER.db|postgresql://... < lines.jsonl   (the ledger holds the `models`, `holdings` and
`accounts` tables; `curve.sh` creates and funds them)"""
import hashlib, json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_db, time

db = peer_db.connect(sys.argv[1])
db.script("""
CREATE TABLE IF NOT EXISTS accounts (account TEXT PRIMARY KEY, panda REAL NOT NULL, created_seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS models (symbol TEXT PRIMARY KEY, name TEXT NOT NULL, owner TEXT NOT NULL,
  curve_scale REAL NOT NULL, total_supply INTEGER NOT NULL, reserve_balance REAL NOT NULL);
CREATE TABLE IF NOT EXISTS holdings (symbol TEXT NOT NULL, account TEXT NOT NULL, balance INTEGER NOT NULL,
  PRIMARY KEY (symbol, account));
CREATE TABLE IF NOT EXISTS curve_trades (seq INTEGER NOT NULL, symbol TEXT NOT NULL, ts INTEGER NOT NULL,
  account TEXT NOT NULL, side TEXT NOT NULL, amount INTEGER NOT NULL, value REAL NOT NULL, price_after REAL NOT NULL,
  PRIMARY KEY (seq, symbol));
CREATE INDEX IF NOT EXISTS curve_trades_by_symbol ON curve_trades (symbol, ts);
CREATE TABLE IF NOT EXISTS journal (seq INTEGER PRIMARY KEY, ts INTEGER NOT NULL, op TEXT NOT NULL, sender TEXT NOT NULL,
  request TEXT NOT NULL, result TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
""")

# The seed's curve, verbatim in its arithmetic (supply an int, scale and reserve floats).
def get_price(s, scale):
    return (s * s) / scale if s > 0 else 1.0 / scale
def cost_to_buy(s, scale, amount):
    new_s = s + amount
    return ((new_s ** 3) - (s ** 3)) / (3 * scale)
def return_for_sell(s, scale, amount):
    new_s = s - amount
    return ((s ** 3) - (new_s ** 3)) / (3 * scale)

row = db.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
seq, prev = row if row else (0, "0x" + "0" * 64)
out = sys.stdout
db.begin()
n = 0
for line in sys.stdin:
    n += 1
    try:
        r = json.loads(line)
        op, frm, symbol, amount = r["op"], r["from"], r["symbol"], r["amount"]
        if op not in ("buy", "sell"):
            raise ValueError("unknown op")
        if type(amount) is not int or amount <= 0:
            raise ValueError("bad amount")
        m = db.execute("SELECT curve_scale, total_supply, reserve_balance FROM models WHERE symbol = ?", (symbol,)).fetchone()
        if m is None:
            raise ValueError("unknown symbol")
        scale, supply, reserve = m
        a = db.execute("SELECT panda FROM accounts WHERE account = ?", (frm,)).fetchone()
        panda = a[0] if a else 0.0
        h = db.execute("SELECT balance FROM holdings WHERE symbol = ? AND account = ?", (symbol, frm)).fetchone()
        bal = h[0] if h else 0
        if op == "buy":
            cost = cost_to_buy(supply, scale, amount)
            if panda < cost:  # the seed's `ctx.value < cost`, with the whole balance as the value sent
                raise ValueError(f"Insufficient payment: need {cost}, got {panda}")
            supply += amount
            bal += amount
            reserve += cost
            panda -= cost  # value sent minus the excess refunded
            result = {"symbol": symbol, "amount": amount, "cost": cost, "avg_price": cost / amount}
        else:
            if bal < amount:
                raise ValueError("Insufficient balance")
            payout = return_for_sell(supply, scale, amount)
            supply -= amount
            bal -= amount
            reserve -= payout
            panda += payout
            result = {"symbol": symbol, "amount": amount, "payout": payout, "avg_price": payout / amount}
        seq += 1
        ts = int(time.time() * 1000)
        result.update(price=get_price(supply, scale), supply=supply, reserve=reserve, tokens=bal, panda=panda)
        db.execute("UPDATE models SET total_supply = ?, reserve_balance = ? WHERE symbol = ?", (supply, reserve, symbol))
        if h:
            db.execute("UPDATE holdings SET balance = ? WHERE symbol = ? AND account = ?", (bal, symbol, frm))
        else:
            db.execute("INSERT INTO holdings VALUES (?, ?, ?)", (symbol, frm, bal))
        if a:
            db.execute("UPDATE accounts SET panda = ? WHERE account = ?", (panda, frm))
        else:
            db.execute("INSERT INTO accounts VALUES (?, ?, ?)", (frm, panda, seq))
        db.execute("INSERT INTO curve_trades VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   (seq, symbol, ts, frm, op, amount, result.get("cost", result.get("payout")), result["price"]))
        req = json.dumps(r, sort_keys=True, separators=(",", ":"))
        res = json.dumps(result, sort_keys=True, separators=(",", ":"))
        entry = json.dumps({"op": op, "request": r, "result": result, "sender": frm, "seq": seq}, sort_keys=True, separators=(",", ":"))
        hx = "0x" + hashlib.sha3_256(bytes.fromhex(prev[2:]) + entry.encode()).hexdigest()
        db.execute("INSERT INTO journal VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (seq, ts, op, frm, req, res, prev, hx))
        prev = hx
        out.write(json.dumps({"type": "receipt", "op": op, "seq": seq, "tx": hx, **result}) + "\n")
    except Exception as e:
        out.write(json.dumps({"type": "error", "line": n, "message": str(e)}) + "\n")
    if n % 8000 == 0:
        db.commit()
        db.begin()
db.commit()
