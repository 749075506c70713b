#!/usr/bin/env python3
"""Write N rows of {"features":[...],"label":y} JSON lines for the train/predict benchmarks.

    python3 bench/learning/gen_rows.py ROWS FEATURES [--seed S] [--kind regression|logistic]
                                        [--no-label] [--batch K] > rows.jsonl

Standard library only. Fixed seed (default 1): the same arguments always write the same bytes.
Features are uniform in [-1, 1) times a per-column scale plus an offset; the label is a linear
function of them plus noise (regression), or 1/0 by the sign of that (logistic). Numbers are
Python repr floats (up to 17 significant digits), as real exports write them.
--no-label writes prediction rows; --batch K writes K rows per line as "features":[[...],...].
"""

import argparse
import json
import random
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rows", type=int)
    ap.add_argument("features", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kind", choices=["regression", "logistic"], default="regression")
    ap.add_argument("--no-label", action="store_true")
    ap.add_argument("--batch", type=int, default=0)
    a = ap.parse_args()

    rng = random.Random(a.seed)
    d = a.features
    scales = [rng.choice([0.1, 1.0, 10.0, 100.0]) for _ in range(d)]
    offsets = [rng.uniform(-50, 50) for _ in range(d)]
    beta = [rng.uniform(-3, 3) / s for s in scales]
    intercept = rng.uniform(-5, 5)
    center = intercept + sum(b * o for b, o in zip(beta, offsets))

    out = sys.stdout
    write = out.write
    dumps = json.dumps
    batch = []
    for _ in range(a.rows):
        x = [offsets[j] + scales[j] * (2 * rng.random() - 1) for j in range(d)]
        s = intercept + sum(b * v for b, v in zip(beta, x)) + rng.gauss(0, 1)
        if a.batch:
            batch.append(x)
            if len(batch) == a.batch:
                write(dumps({"features": batch}, separators=(",", ":")) + "\n")
                batch = []
            continue
        row = {"features": x}
        if not a.no_label:
            row["label"] = s if a.kind == "regression" else (1.0 if s > center else 0.0)
        write(dumps(row, separators=(",", ":")) + "\n")
    if batch:
        write(dumps({"features": batch}, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
