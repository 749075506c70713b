#!/usr/bin/env python3
"""Prints the suite's summary from the parts' result files; exits 1 on any failure or missing part."""
import json
import os
import sys

results, parts = sys.argv[1], sys.argv[2].split()
data = {}
for p in parts:
    f = os.path.join(results, p + ".json")
    data[p] = json.load(open(f)) if os.path.exists(f) else None
c = lambda p, k: (data.get(p) or {}).get("counters", {}).get(k, 0)
failures = [(p, f) for p, d in data.items() if d for f in d["failures"]]
missing = [p for p, d in data.items() if d is None]
print()
print("=" * 72)
print("pandactl reliability suite — summary")
print("=" * 72)
print(f"  seed                     {os.environ.get('RELIABILITY_SEED', '')}  (RELIABILITY_SEED to reproduce)")
print(f"  scale                    {os.environ.get('RELIABILITY_SCALE', '1')}")
print(f"  trials run               {c('crash', 'trials')} crash trials ({c('crash', 'requests')} signed requests) + "
      f"{c('crash', 'backup_trials')} backup trials")
print(f"  kills survived           {c('crash', 'kills_survived')} of {c('crash', 'kills')} SIGKILLs "
      f"({c('crash', 'backup_kills')} during backup); {c('crash', 'receipts_checked')} printed receipts found in the journal; "
      f"{c('crash', 'replays_refused')} replays refused, {c('crash', 'lines_reapplied')} missing lines re-applied")
print(f"  concurrency              {c('concurrency', 'writers')} writer pipelines, {c('concurrency', 'lines_applied_concurrently')} "
      f"lines, {c('concurrency', 'reader_runs')} reader runs")
print(f"  lines fuzzed             {c('fuzz', 'lines_fuzzed')} in {c('fuzz', 'runs')} program runs "
      f"({c('fuzz', 'error_records')} error records)")
print(f"  forgeries refused        {c('tamper', 'forgeries_refused')} (accepted: {c('tamper', 'forgeries_accepted')})")
print(f"  role refusals            {c('tamper', 'role_refusals')} (violations: {c('tamper', 'role_violations')})")
print(f"  tampers caught by audit  {c('tamper', 'tampers_caught')} in {c('tamper', 'tables_tampered')} tables "
      f"(missed: {c('tamper', 'tampers_missed')}); key files refused {c('tamper', 'key_files_refused')}")
print(f"  file cases               {c('files', 'file_cases')}")
for p, d in data.items():
    if d:
        for n in d.get("notes", []):
            print(f"  note ({p}): {n}")
print(f"  time per part            " + ", ".join(f"{p} {d['seconds']}s" for p, d in data.items() if d))
for p in missing:
    print(f"  MISSING: part {p} did not finish")
print(f"  failures                 {len(failures) + len(missing)}")
for p, f in failures:
    print(f"    [{p}] {f[:400]}")
sys.exit(1 if failures or missing else 0)
