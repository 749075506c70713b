#!/usr/bin/env python3
"""Candle fixtures for Tests/MarketTests/CandleTests.swift, computed with pandas.

    python3 -m venv /tmp/mktvenv && /tmp/mktvenv/bin/pip install pandas numpy
    /tmp/mktvenv/bin/python Tests/Fixtures/market/generate.py   # rewrites the files beside this script

Two random trade sets (fixed seeds), each `trades_<name>.csv` with `ts_ms,price,amount` (price: PANDA as
an exact decimal string with up to 18 decimals; amount: whole tokens), in time order (ties keep file order):
  - `dense`:  400 trades in 8 bursts of 40 minutes up to 90 minutes apart, for the minute intervals;
  - `sparse`: 300 trades in 10 bursts of 3 days up to 3 weeks apart, for the hour, day and week intervals.
Some trades sit exactly on interval boundaries and some share a millisecond.

For each interval, `candles_<name>_<interval>.csv`: `open_time_ms,open,high,low,close,volume,quote_volume,
vwap,trades` for every non-empty interval, from

    df.resample(rule, label='left', closed='left', origin=ORIGIN)

with the OHLC taken as first/max/min/last of the exact integer prices (pandas' `.ohlc()` does not
aggregate Python integers, which 18-decimal prices need; it is run on the float prices as a cross-check
of bucketing, first, last, high and low), volume = Σ amount, quote_volume = Σ price × amount (exact),
vwap = quote_volume // volume (rounded down to the base unit), trades = count.
ORIGIN is the epoch for every interval but `1w`: pandas' `W-MON` anchors bins to END on Mondays, and
`7D` with `origin='epoch'` starts bins on Thursdays (1970-01-01), so weeks use `7D` with origin
1970-01-05 00:00 UTC (a Monday) — the contract: weeks start Monday 00:00 UTC. The script asserts that.

`candles_<name>_<interval>_fill.csv` (a few intervals) adds every empty interval between the first and
the last real one as open = high = low = close = vwap = previous close, zero volume and trades, and a
last column `filled` (1 for those, 0 for real ones).
"""
import os
import random

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ONE = 10**18
RULES = {
    "1m": "1min", "3m": "3min", "5m": "5min", "15m": "15min", "30m": "30min", "1h": "1h", "2h": "2h",
    "4h": "4h", "6h": "6h", "12h": "12h", "1d": "1D", "1w": "7D",
}
MONDAY = pd.Timestamp("1970-01-05")  # 1970-01-01 was a Thursday


def decimal(units):
    """Exact decimal text of base units, trailing zeros trimmed (as Amount formats)."""
    whole, frac = divmod(units, ONE)
    if frac == 0:
        return str(whole)
    return f"{whole}.{frac:018d}".rstrip("0")


def make_trades(seed, n, start_ms, bursts, burst_ms, gap_ms, boundary_ms):
    """n trades in `bursts` windows of `burst_ms`, the windows up to `gap_ms` apart (so fills have gaps)."""
    rnd = random.Random(seed)
    windows, t = [], start_ms
    for _ in range(bursts):
        windows.append(t)
        t += burst_ms + rnd.randrange(gap_ms)
    ts = sorted(rnd.choice(windows) + rnd.randrange(burst_ms) for _ in range(n))
    # Some trades exactly on boundaries and some sharing a millisecond with the previous trade.
    for i in range(0, n, 17):
        ts[i] = ts[i] - ts[i] % boundary_ms
    for i in range(5, n, 23):
        ts[i] = ts[i - 1]
    ts.sort()
    price = 25 * ONE
    trades = []
    for t in ts:
        # A random walk with full 18-decimal prices, never below 1 PANDA.
        price = max(ONE, price + rnd.randint(-ONE // 2, ONE // 2) + rnd.randrange(10**6))
        trades.append((t, price, rnd.randint(1, 50)))
    return trades


def candles(trades, interval):
    idx = pd.to_datetime([t for t, _, _ in trades], unit="ms")
    df = pd.DataFrame({
        "price": pd.Series([p for _, p, _ in trades], index=idx, dtype=object),
        "amount": pd.Series([a for _, _, a in trades], index=idx, dtype=object),
        "quote": pd.Series([p * a for _, p, a in trades], index=idx, dtype=object),
        "fprice": pd.Series([p / ONE for _, p, _ in trades], index=idx, dtype="float64"),
    })
    origin = MONDAY if interval == "1w" else "epoch"
    r = df.resample(RULES[interval], label="left", closed="left", origin=origin)
    ohlc = r["price"].agg(["first", "max", "min", "last", "count"])
    vol = r["amount"].agg("sum")
    quote = r["quote"].agg("sum")
    check = r["fprice"].ohlc()
    rows = []
    for ts in ohlc.index:
        count = int(ohlc.loc[ts, "count"])
        if interval == "1w":
            assert ts.day_of_week == 0 and ts.hour == 0 and ts.minute == 0, ts  # Monday 00:00
        if count == 0:
            rows.append((ts, None))
            continue
        o, h, lo, c = (int(ohlc.loc[ts, k]) for k in ("first", "max", "min", "last"))
        for k, v in (("open", o), ("high", h), ("low", lo), ("close", c)):
            assert abs(check.loc[ts, k] - v / ONE) < 1e-9 * max(1, v / ONE), (ts, k)
        v, q = int(vol.loc[ts]), int(quote.loc[ts])
        rows.append((ts, (o, h, lo, c, v, q, q // v, count)))
    return rows


def ms(ts):
    return (ts - pd.Timestamp("1970-01-01")) // pd.Timedelta(milliseconds=1)


def write(name, trades, intervals, fill_intervals):
    with open(os.path.join(HERE, f"trades_{name}.csv"), "w") as f:
        f.write("ts_ms,price,amount\n")
        for t, p, a in trades:
            f.write(f"{t},{decimal(p)},{a}\n")
    for interval in intervals:
        rows = candles(trades, interval)
        with open(os.path.join(HERE, f"candles_{name}_{interval}.csv"), "w") as f:
            f.write("open_time_ms,open,high,low,close,volume,quote_volume,vwap,trades\n")
            for ts, c in rows:
                if c is not None:
                    f.write(f"{ms(ts)},{','.join(decimal(x) for x in c[:4])},{c[4]},{decimal(c[5])},{decimal(c[6])},{c[7]}\n")
        if interval in fill_intervals:
            with open(os.path.join(HERE, f"candles_{name}_{interval}_fill.csv"), "w") as f:
                f.write("open_time_ms,open,high,low,close,volume,quote_volume,vwap,trades,filled\n")
                prev_close = None
                for ts, c in rows:  # resample already spans first…last real bin, empty bins included
                    if c is None:
                        p = decimal(prev_close)
                        f.write(f"{ms(ts)},{p},{p},{p},{p},0,0,{p},0,1\n")
                    else:
                        prev_close = c[3]
                        f.write(f"{ms(ts)},{','.join(decimal(x) for x in c[:4])},{c[4]},{decimal(c[5])},{decimal(c[6])},{c[7]},0\n")


def main():
    day = 86_400_000
    # 2026-03-02 is a Monday; start mid-week so the first week is partial.
    start = ms(pd.Timestamp("2026-03-04 07:13:00"))
    write("dense", make_trades(1, 400, start, 8, 40 * 60_000, 90 * 60_000, 60_000),
          ["1m", "3m", "5m", "15m", "30m"], ["15m"])
    write("sparse", make_trades(2, 300, start, 10, 3 * day, 21 * day, 3_600_000),
          ["1h", "2h", "4h", "6h", "12h", "1d", "1w"], ["4h", "1d", "1w"])


if __name__ == "__main__":
    main()
