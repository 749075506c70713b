// swift-tools-version: 6.0
// Benchmarks for pandactl, kept out of the main package so that benchmark-only code never reaches
// the shipped targets. Run them through bench/*.sh.
import PackageDescription

let package = Package(
    name: "pandactl-benchmarks",
    dependencies: [
        // The main package, named explicitly so that its identity does not depend on the name of
        // the directory it is checked out in.
        .package(name: "pandactl", path: ".."),
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
