#!/usr/bin/env bash
# `make jetson`: builds every pandactl program for aarch64 Linux (NVIDIA Jetson) as ONE fully static
# multicall executable (Swift 6.0.3 from Debian trixie, driven by the host SwiftPM through the Swift SDK
# that scripts/jetson-sdk.sh assembles), and writes dist/pandactl-VERSION-linux-aarch64.tar.gz:
#   bin/pandactl                 the multicall binary; bin/pandactl-* are symlinks to it
#   share/man/man1/*.1           from man/man1/
#   share/bash-completion/completions/, share/zsh/site-functions/, share/fish/vendor_completions.d/
#   share/doc/pandactl/INSTALL   and a copy of INSTALL at the top
# With --deb it also writes dist/pandactl_VERSION_arm64.deb (same files under /usr) for `make jetson-deb`.
# Environment: SWIFT (host swift, default swift), PANDACTL_JETSON_SCRATCH (default .build-jetson),
# PANDACTL_JETSON_CACHE (SDK cache, see scripts/jetson-sdk.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

SWIFT=${SWIFT:-swift}
SCRATCH=${PANDACTL_JETSON_SCRATCH:-.build-jetson}
PROGRAMS=(pandactl pandactl-curve pandactl-train pandactl-predict pandactl-orders pandactl-ohlc
          pandactl-index pandactl-mint pandactl-burn pandactl-sign)
VERSION=$(sed -n '/enum PandaVersion/,/^}/s/.*static let string *= *"\([^"]*\)".*/\1/p' Sources/PandaCLI/Programs.swift | head -1)
[ -n "$VERSION" ] || { echo "jetson: cannot read PandaVersion.string from Sources/PandaCLI/Programs.swift" >&2; exit 1; }
NAME=pandactl-$VERSION-linux-aarch64
TARBALL=dist/$NAME.tar.gz
START=$(date +%s)
DEB=0
for a in "$@"; do
  case "$a" in --deb) DEB=1 ;; *) echo "jetson: unknown argument '$a'" >&2; exit 64 ;; esac
done

ENV_FILE=$(bash scripts/jetson-sdk.sh)
# shellcheck disable=SC1090
. "$ENV_FILE"          # JETSON_SDKS, JETSON_SDK_NAME, JETSON_SYSROOT, PKG_CONFIG_PATH, PKG_CONFIG_SYSROOT_DIR

# libarchive's Libs.private: needed only when it is linked statically (lld does not care about order)
ARCHIVE_STATIC=()
for l in nettle acl lzma zstd lz4 xxhash bz2 xml2 z; do ARCHIVE_STATIC+=(-Xlinker "-l$l"); done

echo "jetson: building pandactl-multicall $VERSION (release, static, aarch64) in $SCRATCH" >&2
T0=$(date +%s)
PANDACTL_MULTICALL=1 "$SWIFT" build --scratch-path "$SCRATCH" \
  --swift-sdks-path "$JETSON_SDKS" --swift-sdk "$JETSON_SDK_NAME" \
  -c release --static-swift-stdlib -Xswiftc -static-executable "${ARCHIVE_STATIC[@]}" \
  --product pandactl-multicall
echo "jetson: build took $(( $(date +%s) - T0 ))s" >&2
BIN=$SCRATCH/aarch64-unknown-linux-gnu/release/pandactl-multicall

# ------------------------------------------------------------------ stage
STAGE=$SCRATCH/stage/$NAME
rm -rf "$STAGE"; mkdir -p "$STAGE/bin" "$STAGE/share/man/man1" "$STAGE/share/doc/pandactl" \
  "$STAGE/share/bash-completion/completions" "$STAGE/share/zsh/site-functions" "$STAGE/share/fish/vendor_completions.d"
aarch64-linux-gnu-strip -o "$STAGE/bin/pandactl" "$BIN"
chmod 755 "$STAGE/bin/pandactl"
for p in "${PROGRAMS[@]}"; do [ "$p" = pandactl ] || ln -s pandactl "$STAGE/bin/$p"; done

copy_dir() {  # SRC DEST: regular files of SRC into DEST (warns when there are none yet)
  local n=0 f
  for f in "$1"/*; do [ -f "$f" ] || continue; install -m 644 "$f" "$2/"; n=$((n+1)); done
  [ "$n" -gt 0 ] || echo "jetson: warning: no files in $1 (run 'make docs')" >&2
}
copy_dir man/man1 "$STAGE/share/man/man1"
copy_dir completions/bash "$STAGE/share/bash-completion/completions"
copy_dir completions/zsh "$STAGE/share/zsh/site-functions"
copy_dir completions/fish "$STAGE/share/fish/vendor_completions.d"

cat > "$STAGE/INSTALL" <<EOF
pandactl $VERSION for aarch64 Linux (NVIDIA Jetson and other 64-bit ARM boards)

bin/pandactl is one fully static executable (no shared libraries, any glibc or none, kernel >= 3.7,
ARMv8.0 or newer); the other programs (${PROGRAMS[*]:1}) are symlinks to it and dispatch on the
name they are called by. Keep the links beside it.

Install system-wide (extracts bin/ and share/ only):
    sudo tar -xzf $NAME.tar.gz -C /usr/local bin share
or for one user:
    mkdir -p ~/.local && tar -xzf $NAME.tar.gz -C ~/.local bin share
    # then make sure ~/.local/bin is on PATH; MANPATH and shell completions as for your shell

Check:
    pandactl --version && pandactl-curve --version

Uninstall: remove bin/pandactl and bin/pandactl-* and share/man/man1/pandactl*.1, the pandactl
completions under share/bash-completion, share/zsh and share/fish, and share/doc/pandactl.
EOF
cp "$STAGE/INSTALL" "$STAGE/share/doc/pandactl/INSTALL"

# ------------------------------------------------------------------ tarball (no top-level directory)
mkdir -p dist
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@"$(git log -1 --format=%ct 2>/dev/null || date +%s)" \
  -C "$STAGE" -czf "$TARBALL.tmp" INSTALL bin share
mv "$TARBALL.tmp" "$TARBALL"

BYTES=$(stat -c %s "$TARBALL")
LIMIT=$((30 * 1024 * 1024))
echo "jetson: $(file -b "$STAGE/bin/pandactl" | cut -d, -f1-2), binary $(du -h "$STAGE/bin/pandactl" | cut -f1)"
echo "jetson: wrote $TARBALL: $BYTES bytes ($(awk -v b="$BYTES" 'BEGIN{printf "%.1f", b/1048576}') MB; target <= 30 MB) in $(( $(date +%s) - START ))s"
[ "$BYTES" -le "$LIMIT" ] || echo "jetson: WARNING: tarball exceeds 30 MB" >&2

# ------------------------------------------------------------------ optional: Debian package for arm64
if [ "$DEB" = 1 ]; then
  DROOT=$SCRATCH/stage/deb; DEBFILE=dist/pandactl_${VERSION}_arm64.deb
  rm -rf "$DROOT"; mkdir -p "$DROOT/DEBIAN" "$DROOT/usr/share/zsh"
  cp -a "$STAGE/bin" "$DROOT/usr/bin"
  cp -a "$STAGE/share/man" "$STAGE/share/bash-completion" "$STAGE/share/fish" "$STAGE/share/doc" "$DROOT/usr/share/"
  cp -a "$STAGE/share/zsh/site-functions" "$DROOT/usr/share/zsh/vendor-completions"   # Debian's zsh path
  find "$DROOT/usr/share/man" -type f -name '*.1' -exec gzip -9n {} +
  cat > "$DROOT/DEBIAN/control" <<CONTROL
Package: pandactl
Version: $VERSION
Architecture: arm64
Maintainer: ${PANDACTL_DEB_MAINTAINER:-pandactl maintainers <pandactl@localhost>}
Installed-Size: $(du -sk "$DROOT/usr" | cut -f1)
Section: utils
Priority: optional
Description: small Unix programs for tokenized ML models over one SQLite ledger
 pandactl and pandactl-{curve,train,predict,orders,ohlc,index,mint,burn,sign}: one fully
 static executable (no library dependencies), with man pages and shell completions.
CONTROL
  dpkg-deb --root-owner-group -Zxz --build "$DROOT" "$DEBFILE" >/dev/null
  echo "jetson: wrote $DEBFILE: $(stat -c %s "$DEBFILE") bytes"
fi
