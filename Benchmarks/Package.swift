// swift-tools-version: 6.0
// Benchmarks for pandactl, kept out of the main package so that benchmark-only code and tooling
// never reach the shipped targets. Run through bench/*.sh.
import PackageDescription

let package = Package(
    name: "pandactl-benchmarks",
    dependencies: [
        .package(name: "pandactl", path: "/tmp/jsonpkg"),
    ],
    targets: [
        // Reads JSON lines with LineReader, parses every line with JSONParser, reports MB/s.
        .executableTarget(
            name: "json-reader-bench",
            dependencies: [.product(name: "PandaCore", package: "pandactl")],
            path: "Sources/json-reader-bench"
        ),
    ]
)
