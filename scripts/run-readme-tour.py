#!/usr/bin/env python3
"""Runs the README's "A two-minute tour" as a new user would: its sh blocks in order, in one shell,
with the programs on PATH; then checks that every output line the README shows (those without "…")
was printed. Usage: run-readme-tour.py README.md (programs from PATH)."""
import re, subprocess, sys

text = open(sys.argv[1], encoding="utf-8").read()
tour = text[text.index("## A two-minute tour"):]
tour = tour[:tour.index("\n## ", 5)]
blocks = re.findall(r"```(\w*)\n(.*?)```", tour, re.S)
script = "\n".join(body for lang, body in blocks if lang == "sh")
shown = [line for lang, body in blocks if lang == "" for line in body.splitlines() if line and "…" not in line]
run = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=300)
printed = set(run.stdout.splitlines())
missing = [line for line in shown if line not in printed]
for line in missing:
    print("README shows, but the tour did not print:\n  " + line, file=sys.stderr)
if missing:
    print(run.stdout[-3000:], run.stderr[-2000:], file=sys.stderr)
print(f"README tour: {len(shown) - len(missing)} of {len(shown)} shown output lines printed (exit {run.returncode})")
sys.exit(1 if missing else 0)
