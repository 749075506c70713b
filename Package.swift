// swift-tools-version: 6.0
// pandactl — small Unix programs for tokenized machine-learning models over one SQLite ledger.
// Must build with Swift 6.0 (the Jetson cross toolchain) as well as the host's newer toolchain.
import PackageDescription

// MARK: - Programs

/// Every program is a thin executable over `PandaCLI`; `PandaCLI.Programs` is the registry tests loop over.
let programs = [
    "pandactl", "pandactl-curve", "pandactl-train", "pandactl-predict", "pandactl-orders",
    "pandactl-ohlc", "pandactl-index", "pandactl-mint", "pandactl-burn", "pandactl-sign",
]

// MARK: - Dependencies

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")

/// libpq (the PostgreSQL engine) is linked on the host only: the Jetson build (PANDACTL_MULTICALL, or
/// PANDACTL_NO_LIBPQ for its test build) leaves it out, and a postgresql:// ledger there exits 69.
let withLibPQ = Context.environment["PANDACTL_MULTICALL"] == nil && Context.environment["PANDACTL_NO_LIBPQ"] == nil
let libPQ: [Target.Dependency] = withLibPQ ? ["CLibPQ"] : []

// MARK: - Targets

var targets: [Target] = [
    // System C libraries, found with pkg-config (Debian: libsqlite3-dev, libsecp256k1-dev, libarchive-dev,
    // nettle-dev, libsodium-dev; scripts/deps.sh installs them).
    .systemLibrary(name: "CSQLite3", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
    .systemLibrary(name: "CSecp256k1", pkgConfig: "libsecp256k1", providers: [.apt(["libsecp256k1-dev"])]),
    .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
    // SHA-256, HMAC, PBKDF2, AES-128-CTR (nettle) and scrypt (libsodium): no home-made cryptography.
    .systemLibrary(name: "CNettle", pkgConfig: "nettle", providers: [.apt(["nettle-dev"])]),
    .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
    // zstd frames with their content checksum, for byte-exact model bundles.
    .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),

    // Amounts, JSON values and the JSON-lines reader/writer, records, errors, time — no I/O beyond fds.
    .target(name: "PandaCore"),
    // Keccak-256, addresses, hashing, signatures and keystores (primitives from nettle, libsodium, libsecp256k1).
    .target(name: "PandaCrypto", dependencies: ["PandaCore", "CSecp256k1", "CNettle", "CSodium"]),
    // The ledger on SQLite (embedded) or PostgreSQL: store, migrations, journal, invariants, applying requests, backups.
    .target(name: "PandaLedger", dependencies: ["PandaCore", "PandaCrypto", "Curves", "Learning", "Market", "CSQLite3", "CArchive", "CZstd"] + libPQ),
    // Shared command-line runtime and the command declarations of every program.
    .target(name: "PandaCLI", dependencies: ["PandaCore", "PandaCrypto", "PandaLedger", "Learning", "Market", argumentParser]),
    .target(name: "Curves", dependencies: ["PandaCore"]),
    // Model fitting (streaming least squares, ridge, logistic), predictions and the model codec.
    .target(name: "Learning", dependencies: ["PandaCore"]),
    // The order book's matching engine, candles and the candlestick chart.
    .target(name: "Market", dependencies: ["PandaCore"]),

    // Tests: one target per library, plus end-to-end tests that run the built binaries.
    .testTarget(name: "PandaCoreTests", dependencies: ["PandaCore"]),
    .testTarget(name: "PandaCryptoTests", dependencies: ["PandaCrypto"]),
    .testTarget(name: "PandaLedgerTests", dependencies: ["PandaLedger", "Learning"]),
    .testTarget(name: "PandaCLITests", dependencies: ["PandaCLI"]),
    .testTarget(name: "CurvesTests", dependencies: ["Curves"]),
    .testTarget(name: "LearningTests", dependencies: ["Learning"]),
    .testTarget(name: "MarketTests", dependencies: ["Market"]),
    .testTarget(name: "EndToEndTests", dependencies: ["PandaCore", "PandaCrypto", "PandaCLI"]),
]
if withLibPQ {
    // Debian: libpq-dev.
    targets.append(.systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]))
}
targets += programs.map { .executableTarget(name: $0, dependencies: ["PandaCLI"], path: "Sources/\($0)") }

let package = Package(
    name: "pandactl",
    products: programs.map { .executable(name: $0, targets: [$0]) } + [
        .library(name: "PandaCore", targets: ["PandaCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: targets
)

// MARK: - Jetson multicall binary (scripts/jetson.mk sets PANDACTL_MULTICALL; the host build is unchanged)

if Context.environment["PANDACTL_MULTICALL"] != nil {
    package.targets.append(.executableTarget(name: "pandactl-multicall", dependencies: ["PandaCLI"], path: "Sources/pandactl-multicall"))
    package.products.append(.executable(name: "pandactl-multicall", targets: ["pandactl-multicall"]))
}
