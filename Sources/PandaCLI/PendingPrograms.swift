import ArgumentParser
import PandaCore

/// Programs whose verbs are not built yet: they exist, answer --help with their verbs, and exit 69
/// saying so. Each later issue replaces one of these with the real command.
public struct PendingProgram: Sendable {
    public let name: String
    public let abstract: String
    public let verbs: [(String, String)]
    public let command: any ParsableCommand.Type

    static func configuration(_ name: String, _ abstract: String, _ verbs: [(String, String)]) -> CommandConfiguration {
        let list = verbs.map { "  \($0.0)\(String(repeating: " ", count: max(1, 14 - $0.0.count)))\($0.1)" }.joined(separator: "\n")
        return CommandConfiguration(
            commandName: name, abstract: abstract,
            discussion: Help.discussion(
                "VERBS (not available in this build yet; each exits 69):\n\(list)",
                errors: [.not_available]),
            version: PandaVersion.string)
    }

    static func run(_ name: String, _ verbs: [(String, String)], _ verb: String?) throws {
        let names = verbs.map(\.0)
        if let verb, !names.contains(verb) {
            throw ValidationError("unknown verb '\(verb)' (one of: \(names.joined(separator: ", ")))")
        }
        let what = verb.map { "'\($0)' is" } ?? "its verbs are"
        let e = PandaError(.not_available, "\(what) not available in this build yet")
        var record: [UInt8] = []
        JSONWriter.write(["type": "error", "code": .string(e.code.rawValue), "message": .string(e.message)], into: &record)
        record.append(0x0A)
        let out = OutputWriter(fd: 1)
        out.write(record)
        try? out.flush()
        Environment.printError("\(name): \(e.message)")
        throw ExitCode(ExitStatus.unavailable.rawValue)
    }
}

public enum PendingPrograms {
    public static let all: [PendingProgram] = [
        PendingProgram(name: OrdersProgram.name, abstract: OrdersProgram.abstract, verbs: OrdersProgram.verbs, command: OrdersProgram.self),
        PendingProgram(name: OHLCProgram.name, abstract: OHLCProgram.abstract, verbs: OHLCProgram.verbs, command: OHLCProgram.self),
    ]
}

public struct OrdersProgram: ParsableCommand {
    static let name = "pandactl-orders"
    static let abstract = "Limit order book and matching engine for model tokens."
    static let verbs = [("place", "place a limit or market order"), ("cancel", "cancel an open order"), ("book", "show the order book"),
                        ("orders", "list orders"), ("trades", "list trades"), ("markets", "list markets")]
    public static let configuration = PendingProgram.configuration(name, abstract, verbs)
    @Argument(help: "The verb.") var verb: String?
    @Argument(parsing: .captureForPassthrough, help: .hidden) var rest: [String] = []
    public init() {}
    public func run() throws { try PendingProgram.run(Self.name, Self.verbs, verb) }
}

public struct OHLCProgram: ParsableCommand {
    static let name = "pandactl-ohlc"
    static let abstract = "Candlesticks from trades (ledger or stdin) as JSON lines, CSV or an SVG chart."
    static let verbs = [("candles", "candles for an interval (default)")]
    public static let configuration = PendingProgram.configuration(name, abstract, verbs)
    @Argument(help: "The verb.") var verb: String?
    @Argument(parsing: .captureForPassthrough, help: .hidden) var rest: [String] = []
    public init() {}
    public func run() throws { try PendingProgram.run(Self.name, Self.verbs, verb) }
}

