#!/usr/bin/env bash
# Generates man pages (swift-argument-parser's generate-manual plugin) and bash/zsh/fish completions
# (each program's --generate-completion-script) from the commands' help text.
#   scripts/gen-docs.sh BIN_DIR OUT_ROOT     writes OUT_ROOT/man/man1 and OUT_ROOT/completions/{bash,zsh,fish}
set -euo pipefail
bin=$1; out=$2
# A fixed date keeps the pages reproducible (the drift check compares them byte for byte).
DOCS_DATE=2026-11-22
PROGRAMS="pandactl pandactl-curve pandactl-train pandactl-predict pandactl-orders pandactl-ohlc pandactl-index pandactl-mint pandactl-burn pandactl-sign"
cd "$(dirname "$0")/.."
log=$(mktemp)
swift package generate-manual --configuration debug --date "$DOCS_DATE" >"$log" 2>&1 || { cat "$log"; rm -f "$log"; exit 1; }
rm -f "$log"
mkdir -p "$out/man/man1" "$out/man/man7" "$out/completions/bash" "$out/completions/zsh" "$out/completions/fish"
plugin_out=$(swift build --show-bin-path)/../plugins/GenerateManual/outputs
[ -d "$plugin_out" ] || plugin_out=.build/plugins/GenerateManual/outputs
for p in $PROGRAMS; do
  cp "$plugin_out/$p/$p.1" "$out/man/man1/$p.1"
  python3 scripts/man-post.py "$out/man/man1/$p.1" $PROGRAMS
  "$bin/$p" --generate-completion-script bash > "$out/completions/bash/$p"
  "$bin/$p" --generate-completion-script zsh > "$out/completions/zsh/_$p"
  "$bin/$p" --generate-completion-script fish > "$out/completions/fish/$p.fish"
done
# The overview page is written by hand (docs/pandactl.7); it is installed beside the generated ones.
cp docs/pandactl.7 "$out/man/man7/pandactl.7"
