#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ArgumentParser
import PandaCore
import PandaLedger

/// The toolkit's version, printed by `--version` and `pandactl version`.
public enum PandaVersion {
    public static let string = "0.1.0"
}

/// The registry of programs: name, command type and purpose. Tests loop over it so that no program can
/// miss its man page, completions or end-to-end test; the multicall binary dispatches through it.
public enum Programs {
    public struct Entry: Sendable {
        public let name: String
        public let abstract: String
        public let command: any ParsableCommand.Type
    }

    public static let all: [Entry] = {
        let built = [
            Entry(name: "pandactl", abstract: PandactlCommand.configuration.abstract, command: PandactlCommand.self),
            Entry(name: "pandactl-curve", abstract: CurveCommand.configuration.abstract, command: CurveCommand.self),
            Entry(name: "pandactl-sign", abstract: SignCommand.configuration.abstract, command: SignCommand.self),
            Entry(name: "pandactl-train", abstract: TrainCommand.configuration.abstract, command: TrainCommand.self),
            Entry(name: "pandactl-predict", abstract: PredictCommand.configuration.abstract, command: PredictCommand.self),
            Entry(name: "pandactl-orders", abstract: OrdersCommand.configuration.abstract, command: OrdersCommand.self),
            Entry(name: "pandactl-ohlc", abstract: OHLCCommand.configuration.abstract, command: OHLCCommand.self),
            Entry(name: "pandactl-index", abstract: IndexCommand.configuration.abstract, command: IndexCommand.self),
            Entry(name: "pandactl-mint", abstract: MintCommand.configuration.abstract, command: MintCommand.self),
            Entry(name: "pandactl-burn", abstract: BurnCommand.configuration.abstract, command: BurnCommand.self),
        ]
        let order = ["pandactl", "pandactl-curve", "pandactl-train", "pandactl-predict", "pandactl-orders", "pandactl-ohlc",
                     "pandactl-index", "pandactl-mint", "pandactl-burn", "pandactl-sign"]
        return order.compactMap { name in built.first { $0.name == name } }
    }()

    public static func entry(named name: String) -> Entry? { all.first { $0.name == name } }

    /// Runs the program called `name` on `arguments` (default: the process's own): every executable's and
    /// the multicall binary's entry, so each one goes through the same `Invocation`.
    public static func main(name: String, arguments: [String]? = nil) -> Never {
        if name == "pandactl" { PandactlMain.main(arguments: arguments) }
        guard let entry = entry(named: name) else {
            Environment.printError("pandactl: unknown program '\(name)' (one of: \(all.map(\.name).joined(separator: ", ")))")
            exit(ExitStatus.usage.rawValue)
        }
        Invocation.main(entry.command, arguments: arguments)
    }
}

/// Help text pieces shared by every program, so each man page has EXAMPLES, EXIT STATUS, ERRORS and
/// ENVIRONMENT sections generated from one source.
public enum Help {
    public static func discussion(_ description: String, examples: [(String, String)] = [], errors: [ErrorCode] = []) -> String {
        var s = description
        if !examples.isEmpty {
            s += "\n\nEXAMPLES:\n"
            for (what, command) in examples { s += "  \(what):\n    \(command)\n" }
        }
        s += "\n" + inputOutput
        if !errors.isEmpty {
            s += "\nERROR CODES (in {\"type\":\"error\",\"code\":...} records):\n"
            var listed = errors
            if errors.contains(.replayed_nonce) {
                for e in appliedRequestErrors where !listed.contains(e) { listed.append(e) }
            }
            for e in lineErrors where !listed.contains(e) { listed.append(e) }
            for e in listed { s += "  \(e.rawValue): \(e.summary)\n" }
        }
        s += "\n" + exitStatus + "\n" + environment
        return s
    }

    /// Codes every program that applies (signed) requests to the ledger can return, whatever its ops: the
    /// request lifetime, journal time, and values the ledger cannot read back. Listed for every program whose
    /// codes include `replayed_nonce`.
    static let appliedRequestErrors: [ErrorCode] = [.expired, .ts_out_of_order, .ledger_corrupt, .invalid_amount, .invalid_text, .zero_address]

    /// Codes of the conventions every program's line reader keeps (DESIGN §8).
    static let lineErrors: [ErrorCode] = [.malformed_json, .unknown_record_type, .line_too_long]

    static let inputOutput = """
        INPUT AND OUTPUT:
        PROG [flags] [verb] [flags] [-]: common flags (--ledger, --key, --from, --input, --format) may stand \
        before or after the verb, and 'pandactl [flags] NAME ...' passes them on. A verb with flags runs one \
        request. With '-' or --input FILE (with or without a verb), or with no verb while stdin is not a \
        terminal, each input line is a JSON request such as {"op":"transfer","to":"bob","amount":"5"}; the \
        verb is the default op and flags are defaults merged into every line. Output is one JSON object per \
        line with a "type": "receipt" per applied request (with "seq" and "tx", printed only after its \
        transaction commits), event records, and "error" records \
        ({"type":"error","line":7,"code":"insufficient_funds","message":"..."}) with a one-line message on \
        stderr; --format table prints a table instead (control characters escaped). A line whose "type" is \
        another program's record is skipped; a "type" that names no record is refused (unknown_record_type). \
        A UTF-8 byte order mark before the first line is skipped. Numbers are JSON numbers or strings such \
        as "12" or "0.5" (no exponent, sign, leading zero or bare point in a string). PANDA amounts have up \
        to 18 decimals; token amounts are whole numbers. --version prints the version. The conventions in \
        full: pandactl(7), INVOCATION.

        """

    static var exitStatus: String {
        var s = "EXIT STATUS:\n"
        for st in ExitStatus.allCases { s += "  \(st.rawValue)\t\(st.meaning)\n" }
        return s
    }

    static let environment = """
        ENVIRONMENT:
          PANDA_LEDGER      ledger (a file or a postgresql:// URL) when --ledger is not given (default ./panda.db)
          PANDA_KEY         key file when --key is not given
          PANDA_PASSPHRASE  passphrase of an encrypted key file
          XDG_STATE_HOME    nonce state of keys that sign outside the ledger (default ~/.local/state)
        """
}
