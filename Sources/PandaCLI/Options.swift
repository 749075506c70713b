import ArgumentParser
import PandaCore
import PandaCrypto

/// `--ledger`, `--busy-timeout`: which ledger, and how long to wait for another writer.
public struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).", valueName: "path"))
    public var ledger: String?

    @Option(name: .customLong("busy-timeout"), help: ArgumentHelp("How long to wait for another process's write transaction, e.g. 10s.", valueName: "duration"))
    public var busyTimeout: String?

    public init() {}

    /// The ledger path: `--ledger`, else `$PANDA_LEDGER`, else `./panda.db`.
    public var path: String {
        if let ledger { return ledger }
        if let env = Environment.get("PANDA_LEDGER"), !env.isEmpty { return env }
        return "panda.db"
    }

    public func busyTimeoutMilliseconds() throws -> Int {
        guard let busyTimeout else { return 10_000 }
        guard let span = TimeSpan(parsing: busyTimeout) else {
            throw ValidationError("--busy-timeout '\(busyTimeout)' is not a duration such as 500ms, 10s or 2m")
        }
        return Int(span.milliseconds)
    }
}

/// `--key`, `--from`: who sends the requests.
public struct IdentityOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Sign requests with this key file (default: $PANDA_KEY).", valueName: "file"))
    public var key: String?

    @Option(name: .customLong("passphrase-file"), help: ArgumentHelp("Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).", valueName: "file"))
    public var passphraseFile: String?

    @Option(name: .long, help: ArgumentHelp("Default 'from' account for requests on an open ledger.", valueName: "name"))
    public var from: String?

    public init() {}

    public var keyPath: String? {
        if let key { return key }
        if let env = Environment.get("PANDA_KEY"), !env.isEmpty { return env }
        return nil
    }

    /// The signer for `--key` / `$PANDA_KEY`, or nil when neither is given.
    public func signer() throws(PandaError) -> RequestSigner? {
        guard let path = keyPath else { return nil }
        return RequestSigner(key: try KeyFile.load(path: path, passphrase: try KeyFile.passphrase(file: passphraseFile)))
    }
}

/// Output format of records.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case jsonl, table
}

/// `--input`, `--fail-fast`, `--format`: how lines come in and records go out.
public struct StreamOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Read JSON-line requests from this file instead of stdin.", valueName: "file"))
    public var input: String?

    @Flag(name: .customLong("fail-fast"), help: "Stop at the first rejected line (what was applied before it stays applied).")
    public var failFast = false

    @OptionGroup public var output: OutputOptions
    public var format: OutputFormat { output.format }

    public init() {}
}

/// `--format`: JSON lines, or a table for people. Its own group so that commands that read no lines
/// (`pandactl log`) take the same option the same way.
public struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Output format: jsonl (default) or table.", valueName: "format"))
    public var format: OutputFormat = .jsonl

    public init() {}
}

/// The options every ledger program takes.
public struct CommonOptions: ParsableArguments {
    @OptionGroup public var ledger: LedgerOptions
    @OptionGroup public var identity: IdentityOptions
    @OptionGroup public var stream: StreamOptions

    public init() {}
}

extension CommonOptions {
    /// For verbs that read no lines: `--input` is refused rather than ignored.
    public func refuseLines(_ verb: String) throws {
        if stream.input != nil { throw ValidationError("'\(verb)' reads no lines: --input is not taken here") }
    }
}

/// The `-` argument that turns a verb into a stream of lines with the verb as default op.
public struct DashArgument: ParsableArguments {
    @Argument(help: ArgumentHelp("'-' reads JSON-line requests from stdin, with this verb as their default op.", valueName: "-"))
    public var dash: String?

    public init() {}

    public func validate() throws {
        if let dash, dash != "-" { throw ValidationError("unexpected argument '\(dash)' (only '-' reads stdin)") }
    }

    public var isSet: Bool { dash == "-" }
}
