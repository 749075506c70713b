#!/usr/bin/env bash
# Matching-engine throughput, in process, release build: runs the PANDA_BENCH-gated Swift Testing
# benchmark (Tests/MarketTests/BenchmarkTests.swift) and prints orders/s (best of 3).
# PANDA_BENCH_N=… sets the stream length (default 2,000,000 requests). Scratch path: .build-bench.
set -euo pipefail
cd "$(dirname "$0")/../.."
PANDA_BENCH=1 swift test -c release --scratch-path .build-bench --filter 'MarketTests.MatchingBenchmark' 2>&1 \
  | grep -E 'market bench:|error:|✘' || { echo "benchmark did not run" >&2; exit 1; }
