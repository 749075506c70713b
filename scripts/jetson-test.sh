#!/usr/bin/env bash
# `make jetson-test`: cross-builds the test suites for aarch64 with Debian trixie's own SwiftPM 6.0.3
# (the host SwiftPM 6.3.1 + swiftc 6.0.3 fails at test discovery: its index-store reader does not read
# what 6.0.3 writes) and runs the library suites (PandaCoreTests, PandaCryptoTests, PandaLedgerTests,
# PandaCLITests) under qemu-aarch64-static -cpu cortex-a57 against the sysroot's shared libraries.
# EndToEndTests are skipped: they drive built programs as processes (the smoke test covers that).
# Trixie's swift-build links the manifest and build tools with its own toolchain, so they need trixie's
# glibc: -Xbuild-tools-swiftc passes the patched loader and runpath (macro packages cannot go this way).
# Environment: PANDACTL_JETSON_TEST_SCRATCH (default .build-jetson-tests), PANDACTL_JETSON_TEST_SKIP
# (a Swift Testing --skip regex, default EndToEndTests), extra arguments go to the test binary.
set -euo pipefail
cd "$(dirname "$0")/.."

SCRATCH=${PANDACTL_JETSON_TEST_SCRATCH:-.build-jetson-tests}
SKIP=${PANDACTL_JETSON_TEST_SKIP:-EndToEndTests}
ENV_FILE=$(bash scripts/jetson-sdk.sh)
# shellcheck disable=SC1090
. "$ENV_FILE"

BT=(-Xbuild-tools-swiftc -Xlinker -Xbuild-tools-swiftc "--dynamic-linker=$JETSON_HOST_LDSO"
    -Xbuild-tools-swiftc -Xlinker -Xbuild-tools-swiftc "-rpath=$JETSON_HOST_RT")
T0=$(date +%s)
echo "jetson-test: building the tests for aarch64 (trixie swift-build 6.0.3, debug) in $SCRATCH" >&2
PANDACTL_NO_LIBPQ=1 "$JETSON_SWIFT_BIN/swift-build" --scratch-path "$SCRATCH" \
  --swift-sdks-path "$JETSON_SDKS" --swift-sdk "$JETSON_SDK_NAME" --build-tests "${BT[@]}"
T1=$(date +%s)
echo "jetson-test: build took $((T1 - T0))s" >&2

XCT=$(ls -d "$SCRATCH"/aarch64-unknown-linux-gnu/debug/*PackageTests.xctest | head -1)
[ -x "$XCT" ] || { echo "jetson-test: no test binary in $SCRATCH" >&2; exit 1; }
QEMU=(qemu-aarch64-static -cpu cortex-a57 -L "$JETSON_SYSROOT")
status=0
echo "jetson-test: Swift Testing under ${QEMU[*]} (skipping: $SKIP)" >&2
"${QEMU[@]}" "$XCT" --testing-library swift-testing --skip "$SKIP" "$@" || status=$?
if grep -rlq --include='*.swift' '^import XCTest' Tests 2>/dev/null; then
  echo "jetson-test: XCTest under QEMU" >&2
  "${QEMU[@]}" "$XCT" || status=$?
fi
echo "jetson-test: $([ $status = 0 ] && echo passed || echo FAILED) (build $((T1 - T0))s, run $(( $(date +%s) - T1 ))s)" >&2
exit $status
