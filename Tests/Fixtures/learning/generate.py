#!/usr/bin/env python3
"""Fixtures for Tests/LearningTests: expected fits from numpy + scikit-learn.

Run from the repository root with a venv holding numpy and scikit-learn:

    python3 -m venv /tmp/learnvenv && /tmp/learnvenv/bin/pip install numpy scikit-learn
    /tmp/learnvenv/bin/python Tests/Fixtures/learning/generate.py

Writes into Tests/Fixtures/learning/:
  datasets.json   every dataset's generator spec and the expected fits (see below)
  d5.jsonl        the rows of dataset "d5" as JSON lines (Python repr numbers), for the row reader
  rounding.json   [x, n, round(x, n)] triples (Python's float round)

Datasets are not stored: both this script and the Swift tests rebuild them from the spec with the
same deterministic generator, using only IEEE-754 + − × (no libm), so the values are bit-identical:

  next():   SplitMix64. state = state + 0x9E3779B97F4A7C15 (mod 2^64); z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31)                                      (all mod 2^64)
  uniform() = (next() >> 11) * 2^-53
  noise()   = (((u1 + u2) + u3) + u4) - 2.0   with u1..u4 four successive uniform() calls
  row:      x[j] = offsets[j] + scales[j] * noise()   for j = 0 … d−1, in order
            then each modifier in order:
              ["scale", t, s, f]  x[t] = f * x[s]
              ["const", t, v]     x[t] = v
              ["near", t, s, e]   x[t] = x[s] + e * noise()
            s = intercept; s = s + beta[j] * x[j] for j in order; s = s + noise_scale * noise()
            regression: y = s;  logistic: y = 1.0 if s > 0 else 0.0
  checksum: FNV-1a 64 over the little-endian bytes of every x and y, row after row.

Holdout (Sources/Learning/Holdout.swift): row i held out iff (splitmix64(i) >> 11) * 2^-53 < fraction,
where splitmix64(i) is the output function above applied to state i (one step from state i).
"""

import json
import os
import struct
import sys
import random

import numpy as np
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.metrics import r2_score, accuracy_score

MASK = (1 << 64) - 1
HERE = os.path.dirname(os.path.abspath(__file__))


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def splitmix64(i):
    return mix((i + 0x9E3779B97F4A7C15) & MASK)


class Gen:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        return mix(self.state)

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53

    def noise(self):
        u1 = self.uniform(); u2 = self.uniform(); u3 = self.uniform(); u4 = self.uniform()
        return (((u1 + u2) + u3) + u4) - 2.0


def generate(spec):
    g = Gen(spec["seed"])
    d = spec["features"]
    X = np.empty((spec["rows"], d))
    y = np.empty(spec["rows"])
    h = 0xCBF29CE484222325
    for i in range(spec["rows"]):
        x = [spec["offsets"][j] + spec["scales"][j] * g.noise() for j in range(d)]
        for m in spec["modifiers"]:
            if m[0] == "scale":
                x[m[1]] = m[3] * x[m[2]]
            elif m[0] == "const":
                x[m[1]] = m[2]
            elif m[0] == "near":
                x[m[1]] = x[m[2]] + m[3] * g.noise()
        s = spec["intercept"]
        for j in range(d):
            s = s + spec["beta"][j] * x[j]
        s = s + spec["noise"] * g.noise()
        label = s if spec["kind"] == "regression" else (1.0 if s > 0 else 0.0)
        X[i] = x
        y[i] = label
        for v in x + [label]:
            for b in struct.pack("<d", v):
                h = ((h ^ b) * 0x100000001B3) & MASK
    return X, y, h


def held_mask(n, fraction):
    return np.array([fraction > 0 and (splitmix64(i) >> 11) * 2.0 ** -53 < fraction for i in range(n)])


def predict_rows(spec, X):
    rows = [list(X[0]), list(X[1]), list(X[-1])]
    rows.append([spec["offsets"][j] + 3 * spec["scales"][j] for j in range(spec["features"])])
    return rows


def regression_expectations(spec, X, y):
    out = {}
    rows = predict_rows(spec, X)
    for holdout in ((0.0, 0.25) if len(y) >= 50 else (0.0,)):
        held = held_mask(len(y), holdout)
        train = ~held
        Xt, yt = X[train], y[train]
        Xe, ye = (X[held], y[held]) if holdout > 0 else (Xt, yt)
        for name, model in (("linear", LinearRegression()), ("ridge", Ridge(alpha=spec.get("alpha", 1.0)))):
            model.fit(Xt, yt)
            entry = {
                "holdout": holdout,
                "training_rows": int(train.sum()),
                "holdout_rows": int(held.sum()),
                "coefficients": [float(c) for c in model.coef_],
                "intercept": float(model.intercept_),
                "r2": float(r2_score(ye, model.predict(Xe))),
                "rows": rows,
                "predictions": [float(v) for v in model.predict(np.array(rows))],
            }
            if name == "linear":
                entry["rank"] = int(model.rank_)
            else:
                entry["alpha"] = spec.get("alpha", 1.0)
            out[f"{name}@{holdout}"] = entry
    return out


def logistic_expectations(spec, X, y):
    out = {}
    rows = predict_rows(spec, X)
    for holdout in (0.0, 0.25):
        held = held_mask(len(y), holdout)
        train = ~held
        Xt, yt = X[train], y[train]
        Xe, ye = (X[held], y[held]) if holdout > 0 else (Xt, yt)
        default = LogisticRegression().fit(Xt, yt)
        tight = LogisticRegression(solver="newton-cholesky", tol=1e-12, max_iter=1000).fit(Xt, yt)
        out[f"logistic@{holdout}"] = {
            "holdout": holdout,
            "training_rows": int(train.sum()),
            "holdout_rows": int(held.sum()),
            "coefficients": [float(c) for c in default.coef_[0]],
            "intercept": float(default.intercept_[0]),
            "accuracy": 100.0 * float(accuracy_score(ye, default.predict(Xe))),
            "tight_coefficients": [float(c) for c in tight.coef_[0]],
            "tight_intercept": float(tight.intercept_[0]),
            "tight_accuracy": 100.0 * float(accuracy_score(ye, tight.predict(Xe))),
            "rows": rows,
            "tight_classes": [float(v) for v in tight.predict(np.array(rows))],
            "tight_probabilities": [float(v) for v in tight.predict_proba(np.array(rows))[:, 1]],
        }
    return out


def spec(name, seed, rows, d, kind="regression", scales=None, offsets=None, beta=None, intercept=0.5,
         noise=1.0, modifiers=(), alpha=1.0):
    g = random.Random(seed)
    return {
        "name": name, "seed": seed, "rows": rows, "features": d, "kind": kind,
        "scales": scales or [1.0] * d,
        "offsets": offsets or [0.0] * d,
        "beta": beta or [round(g.uniform(-3, 3), 3) for _ in range(d)],
        "intercept": intercept, "noise": noise, "modifiers": list(modifiers), "alpha": alpha,
    }


SPECS = [
    spec("d1", 1, 200, 1, scales=[2.0], offsets=[1.0], beta=[3.5], intercept=-1.25, noise=0.5),
    spec("d5", 2, 1000, 5, scales=[1.0, 10.0, 0.1, 5.0, 2.0], offsets=[0.0, 5.0, -3.0, 100.0, 0.5]),
    # x1 = x0 + 1e-7·noise: singular value ratio ~1e-8, below scikit-learn's cond 1e-6: truncated.
    spec("nearcollinear", 3, 1000, 4, modifiers=[["near", 1, 0, 1e-7]], beta=[1.0, 2.0, -1.5, 0.25]),
    # x1 = x0 + 1e-3·noise: ill-conditioned but full rank.
    spec("moderate", 4, 1000, 3, modifiers=[["near", 1, 0, 1e-3]], beta=[1.0, 2.0, -0.5]),
    spec("d50", 5, 3000, 50, alpha=10.0),
    # x2 = 2·x0, x4 constant, x5 = x1: rank 3 of 6.
    spec("rankdef", 6, 300, 6, modifiers=[["scale", 2, 0, 2.0], ["const", 4, 3.5], ["scale", 5, 1, 1.0]]),
    spec("tiny10", 7, 10, 3),
    # More features than rows.
    spec("wide", 8, 8, 12, noise=0.1),
    # Large offsets: the fit must not lose the small spread.
    spec("offset", 9, 2000, 3, offsets=[1e6, -2e5, 3e4], scales=[1.0, 0.5, 2.0], intercept=7.0),
    spec("big100k", 10, 100000, 8, scales=[1, 2, 3, 4, 0.5, 0.25, 10, 1]),
    # Constant label.
    spec("consty", 11, 50, 2, beta=[0.0, 0.0], noise=0.0, intercept=4.2),
    spec("logit_d2", 21, 500, 2, kind="logistic", beta=[1.5, -2.0], intercept=0.3),
    spec("logit_d5", 22, 5000, 5, kind="logistic", scales=[1.0, 3.0, 0.5, 2.0, 1.0],
         offsets=[0.0, 10.0, -1.0, 0.0, 2.0], beta=[1.0, -0.5, 2.0, 0.75, -1.0], intercept=9.0),
    spec("logit_sep", 23, 200, 2, kind="logistic", beta=[2.0, 1.0], intercept=0.0, noise=0.0),
    spec("logit_100k", 24, 100000, 6, kind="logistic", noise=2.0),
]


def rounding_cases():
    cases = [[2.675, 2], [0.125, 2], [0.375, 2], [0.5, 0], [1.5, 0], [2.5, 0], [-0.5, 0], [-2.5, 0],
             [1.0005, 3], [2.00005, 4], [0.00005, 4], [0.00015, 4], [-0.001, 2], [1e-20, 4], [123456.78945, 4],
             [0.3, 1], [1.45, 1], [1.55, 1], [0.285, 2], [1.005, 2], [5e-324, 4], [1e300, 4], [9007199254740993.0, 2],
             [90000000000000.015625, 2], [0.49999999999999994, 0], [2.5e-5, 4], [7.5e-5, 4], [-7.5e-5, 4]]
    g = random.Random(12345)
    for _ in range(1500):
        n = g.randint(0, 8)
        k = g.randint(-10 ** 7, 10 ** 7)
        x = (k + 0.5) / 10 ** n  # near ties
        cases.append([x, n])
    for _ in range(1500):
        n = g.randint(0, 12)
        x = g.uniform(-1000, 1000) * 10 ** g.randint(-6, 6)
        cases.append([x, n])
    for _ in range(500):  # exact binary ties: k/2^m with few bits
        m = g.randint(1, 10)
        x = g.randint(-5000, 5000) / 2 ** m
        cases.append([x, g.randint(0, m)])
    return [[x, n, round(x, n)] for x, n in cases]


def main():
    datasets = []
    for s in SPECS:
        X, y, checksum = generate(s)
        entry = dict(s)
        entry["checksum"] = f"{checksum:016x}"
        entry["first_row"] = list(X[0]) + [y[0]]
        if s["kind"] == "regression":
            entry["expected"] = regression_expectations(s, X, y)
        else:
            entry["expected"] = logistic_expectations(s, X, y)
        datasets.append(entry)
        if s["name"] == "d5":
            with open(os.path.join(HERE, "d5.jsonl"), "w") as f:
                for i in range(len(y)):
                    f.write(json.dumps({"features": list(map(float, X[i])), "label": float(y[i])}) + "\n")
        print(s["name"], "done", file=sys.stderr)
    with open(os.path.join(HERE, "datasets.json"), "w") as f:
        json.dump(datasets, f, indent=1)
        f.write("\n")
    with open(os.path.join(HERE, "rounding.json"), "w") as f:
        json.dump(rounding_cases(), f)
        f.write("\n")


if __name__ == "__main__":
    main()
