#!/usr/bin/env bash
# Installs the system packages pandactl needs when they are missing (Debian/Ubuntu, as root or with sudo).
# libpq-dev and postgresql: the PostgreSQL engine (host builds) and the throw-away server of its tests.
set -euo pipefail
need=()
for p in libsqlite3-dev libsecp256k1-dev libarchive-dev nettle-dev libsodium-dev libzstd-dev pkg-config jq sqlite3 python3 zsh fish man-db libpq-dev postgresql; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  echo "installing: ${need[*]}" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "swift is not on PATH (Swift 6.0 or newer is needed: https://swift.org/install)" >&2; exit 1; }
