# Jetson (aarch64 Linux) builds — included by the Makefile. See docs/jetson.md.
#   make jetson         cross SDK (cached in ~/.cache/pandactl/jetson) + one fully static aarch64 multicall
#                       binary -> dist/pandactl-VERSION-linux-aarch64.tar.gz
#   make jetson-deb     the same, plus dist/pandactl_VERSION_arm64.deb (optional)
#   make jetson-smoke   the tarball under qemu-aarch64-static -cpu cortex-a57 vs the host build
#   make jetson-test    the library test suites cross-built (trixie swift-build) and run under QEMU
#   make jetson-sdk     only the cross SDK;  make jetson-clean  removes .build-jetson* (not the SDK cache)

.PHONY: jetson jetson-deb jetson-sdk jetson-smoke jetson-test jetson-clean

jetson-sdk:
	@bash scripts/jetson-sdk.sh >/dev/null

jetson:
	SWIFT="$(SWIFT)" bash scripts/jetson-build.sh

jetson-deb:
	SWIFT="$(SWIFT)" bash scripts/jetson-build.sh --deb

# the host build first (the comparison's reference), then the aarch64 tarball
jetson-smoke: build jetson
	SWIFT="$(SWIFT)" bash scripts/jetson-smoke.sh

jetson-test:
	bash scripts/jetson-test.sh

jetson-clean:
	rm -rf .build-jetson .build-jetson-tests
