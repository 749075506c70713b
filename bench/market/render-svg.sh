#!/usr/bin/env bash
# Renders sample candlestick charts (the PANDA_RENDER_SVG-gated test in Tests/MarketTests/CandleChartTests.swift),
# checks each SVG with Python's XML parser, and screenshots them with headless Chromium if it is installed.
#   bench/market/render-svg.sh [OUTDIR]      (default OUTDIR: bench/market/out)
# Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
pkg=.; scratch=.build-market
out=$(realpath -m "${1:-bench/market/out}"); mkdir -p "$out"
(cd "$pkg" && PANDA_RENDER_SVG="$out" swift test --scratch-path "$scratch" --filter 'MarketTests.CandleChartTests/writeSamples' >/dev/null)
for f in "$out"/*.svg; do
  python3 -c 'import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])' "$f" && echo "well-formed: $f"
  if command -v chromium >/dev/null; then
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot="${f%.svg}.png" --window-size=1000,600 "file://$f" 2>/dev/null \
      && echo "screenshot:  ${f%.svg}.png"
  fi
done
