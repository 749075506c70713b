#!/usr/bin/env bash
# Loads every program's completion script in bash, zsh and fish and completes a verb from its first
# letters in each shell (bash: the completion function on a COMP_* line; zsh: a real interactive shell
# under zpty pressing Tab; fish: `complete -C`). Also renders every man page with warnings on.
set -euo pipefail
cd "$(dirname "$0")/.."
declare -A verb=([pandactl]="aud:audit" [pandactl-curve]="cr:create" [pandactl-train]="vers:versions" [pandactl-predict]="sett:settle"
                 [pandactl-orders]="pla:place" [pandactl-ohlc]="cand:candles" [pandactl-index]="reb:rebalance" [pandactl-mint]="impr:improvement"
                 [pandactl-burn]="acc:access" [pandactl-sign]="keyg:keygen")
fail=0; n=0
zsh_probe=$(mktemp); trap 'rm -f "$zsh_probe"' EXIT
cat > "$zsh_probe" <<'ZSH'
zmodload zsh/zpty; setopt extendedglob
zpty z zsh -f -i
zpty -w z "PROMPT='> '; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D; zstyle ':completion:*' list-prompt ''"
sleep 0.5; zpty -r z junk
zpty -w -n z "$2"$'\t'
# Read until the completed word shows (a loaded machine may take a while), for 20 s at most.
out=""; integer tries=0
while (( tries++ < 200 )); do
  while zpty -r -t z chunk; do out+=$chunk; done
  [[ ${out//$'\e'\[[0-9;?]#[a-zA-Z]/} == *"$3"* ]] && break
  sleep 0.1
done
print -r -- "$out"; zpty -d z
ZSH
for p in "${!verb[@]}"; do
  prefix=${verb[$p]%%:*}; want=${verb[$p]#*:}
  got=$(bash -c 'shopt -s extglob; source "completions/bash/$1"; COMP_LINE="$1 $2"; COMP_WORDS=("$1" "$2"); COMP_CWORD=1; COMP_POINT=${#COMP_LINE}
                 "_$1" "$1" "$2" "$1"; printf "%s\n" "${COMPREPLY[@]}"' _ "$p" "$prefix")
  grep -qx "$want" <<< "$got" && n=$((n+1)) || { echo "bash: '$p $prefix<TAB>' gave '$got', not $want"; fail=1; }
  got=$(fish -c "source completions/fish/$p.fish; complete -C '$p $prefix'" | cut -f1)
  grep -qx "$want" <<< "$got" && n=$((n+1)) || { echo "fish: '$p $prefix<TAB>' gave '$got', not $want"; fail=1; }
  got=$(timeout 40 zsh "$zsh_probe" "$PWD/completions/zsh" "$p $prefix" "$p $want" | tr -d '\r' | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g')
  grep -q "$p $want" <<< "$got" && n=$((n+1)) || { echo "zsh: '$p $prefix<TAB>' did not complete to $want"; fail=1; }
done
echo "completions: $n of $(( ${#verb[@]} * 3 )) verbs completed in bash, fish and zsh"
pages=0
for f in man/man1/*.1 man/man7/*.7; do
  w=$(MANWIDTH=80 man --warnings -E UTF-8 -l "$f" 2>&1 >/dev/null || true)
  [ -z "$w" ] && pages=$((pages+1)) || { echo "man $f: $w" | head -5; fail=1; }
done
echo "man pages: $pages rendered without warnings"
exit $fail
