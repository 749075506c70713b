#if canImport(Glibc)
import Glibc
#endif
import PandaCLI
import PandaCore
import Testing

/// The conventions of DESIGN §2 and §8, checked on every program of the registry and every verb that
/// reads lines, as their built binaries describe themselves (`--experimental-dump-help`, ArgumentParser's
/// own account of each command's options). A program or verb added later is covered without editing
/// this suite; a verb that reads lines is one that takes `-`.
@Suite struct ConformanceTests {
    static let programs = Programs.all.map(\.name)

    /// The one program whose lines are not read from a piped stdin without `-` (DESIGN §8): its default
    /// source is the ledger, so it works from cron.
    static let ledgerByDefault: Set<String> = ["pandactl-ohlc"]

    /// A line whose `type` names no record, with an escape character in it (for the table check).
    static let unknownType = #"{"type":"x\u001b[31mbogus","amount":"1"}"#

    /// Amount spellings outside the number grammar.
    static let badAmounts = ["1e5", "007", "1.", ".5", "+1"]

    struct Command {
        var name: String
        var valueOptions: Set<String> = []
        var flags: Set<String> = []
        var takesDash = false
        var options: Set<String> { valueOptions.union(flags) }
    }

    struct Description {
        var root: Command
        var verbs: [Command]
        var defaultVerb: String?
    }

    static func describe(_ program: String) -> Description? {
        let r = Harness.run(program, ["--experimental-dump-help"])
        guard r.status == 0, let info = try? JSONParser.parse(r.stdout).objectValue?["command"]?.objectValue else { return nil }
        func command(_ o: JSONObject) -> Command {
            var c = Command(name: o["commandName"]?.stringValue ?? "")
            for case .object(let a) in o["arguments"]?.arrayValue ?? [] {
                let kind = a["kind"]?.stringValue
                if kind == "positional" {
                    // The `-` that reads stdin (DashArgument); other positionals (an archive, `help`'s) are not lines.
                    if a["valueName"]?.stringValue == "-" { c.takesDash = true }
                    continue
                }
                for case .object(let n) in a["names"]?.arrayValue ?? [] where n["kind"]?.stringValue == "long" {
                    guard let name = n["name"]?.stringValue else { continue }
                    if kind == "option" { c.valueOptions.insert("--" + name) } else { c.flags.insert("--" + name) }
                }
            }
            return c
        }
        var verbs: [Command] = []
        for case .object(let sub) in info["subcommands"]?.arrayValue ?? [] { verbs.append(command(sub)) }
        // The dump does not say which verb is the default; the registry's command does.
        let defaultVerb = Programs.entry(named: program)?.command.configuration.defaultSubcommand?._commandName
        return Description(root: command(info), verbs: verbs, defaultVerb: defaultVerb)
    }

    /// An open ledger with a funded account, a model FNET and a plain key file.
    final class Fixture: @unchecked Sendable {
        let ledger = LedgerFixture(funding: [("alice", "1000")])
        let key: String
        let dir = TempDir()
        init() {
            key = dir.file("k.key")
            let k = Harness.run("pandactl-sign", ["keygen", "--out", key])
            precondition(k.status == 0, k.stderr)
            let c = Harness.run("pandactl-curve", ["create", "--ledger", ledger.path, "--from", "alice", "--symbol", "FNET", "--name", "FraudNet"])
            precondition(c.status == 0, c.stderr)
        }
        func file(_ name: String, _ text: String) -> String {
            let path = dir.file(name)
            Harness.writeFile(path, Array(text.utf8))
            return path
        }
    }

    /// The flags a verb needs to get as far as reading its lines here: common ones (which may stand
    /// anywhere, and which the front door passes on) and the verb's own.
    static func commonFlags(_ c: Command, _ f: Fixture) -> [String] {
        var args: [String] = []
        if c.options.contains("--ledger") { args += ["--ledger", f.ledger.path] }
        if c.options.contains("--key") { args += ["--key", f.key] }
        return args
    }

    static func flags(_ c: Command, _ f: Fixture) -> [String] {
        commonFlags(c, f) + (c.options.contains("--symbol") ? ["--symbol", "FNET"] : [])
    }

    /// Number fields the amount check writes to, by preference (a request field of most verbs that take one).
    static let amountFields = ["amount", "price", "shares", "requests", "bps", "fee", "inference_fee", "max_cost", "min_payout",
                               "tokens_per_request", "score", "quality", "adoption"]

    /// One `unknown_record_type` error, on `line`, and exit status 1.
    static func refusesUnknownType(_ r: Harness.Result, line: Int = 1, _ what: String) {
        let errors = r.records(ofType: "error")
        #expect(r.status == 1, "\(what): exit \(r.status), stderr \(r.stderr)")
        #expect(errors.count == 1, "\(what): \(r.stdout)")
        #expect(errors.first?["code"]?.stringValue == "unknown_record_type", "\(what): \(r.stdout) \(r.stderr)")
        #expect(errors.first?["line"]?.numberValue?.int64Value == Int64(line), "\(what): \(r.stdout)")
    }

    @Test(arguments: programs)
    func everyVerbReadsLinesTheSameWay(program: String) throws {
        let d = try #require(Self.describe(program), "\(program) --experimental-dump-help")
        let f = Fixture()
        let input = Array((Self.unknownType + "\n").utf8)
        let lineVerbs = d.verbs.filter(\.takesDash)
        #expect(!lineVerbs.isEmpty, "\(program) has no verb that reads lines")
        for v in lineVerbs {
            let name = "\(program) \(v.name)"
            let base = Self.flags(v, f)
            #expect(v.options.contains("--input"), "\(name) takes '-' but not --input")
            #expect(v.valueOptions.contains("--format"), "\(name) has no --format")
            // PROG VERB -, PROG VERB --input F, PROG [flags] VERB -
            Self.refusesUnknownType(Harness.run(program, [v.name, "-"] + base, stdin: input), "\(name) -")
            let file = f.file("lines-\(v.name).jsonl", Self.unknownType + "\n")
            Self.refusesUnknownType(Harness.run(program, [v.name, "--input", file] + base), "\(name) --input F")
            Self.refusesUnknownType(Harness.run(program, base + [v.name, "-"], stdin: input), "\(program) [flags] \(v.name) -")
            // pandactl [flags] NAME VERB: the front door passes the flags on.
            if program != "pandactl" {
                let short = String(program.dropFirst("pandactl-".count))
                let verbFlags = Array(base.dropFirst(Self.commonFlags(v, f).count))
                Self.refusesUnknownType(Harness.run("pandactl", Self.commonFlags(v, f) + [short, v.name, "-"] + verbFlags, stdin: input),
                                        "pandactl [flags] \(short) \(v.name) -")
            }
            // A UTF-8 byte order mark before the first line is not part of it.
            Self.refusesUnknownType(Harness.run(program, [v.name, "-"] + base, stdin: [0xEF, 0xBB, 0xBF] + input), "\(name) - with a BOM")
            // Another program's record passes by; the unknown type on line 2 is still refused.
            let skipped = Harness.run(program, [v.name, "-"] + base, stdin: Array(("{\"type\":\"candle\",\"symbol\":\"ZZZ\"}\n" + Self.unknownType + "\n").utf8))
            Self.refusesUnknownType(skipped, line: 2, "\(name) - with another program's record first")
            // --format table: a header and rows, control characters escaped.
            let table = Harness.run(program, [v.name, "-", "--format", "table"] + base, stdin: input)
            #expect(table.status == 1, "\(name) --format table: \(table.stderr)")
            #expect(table.stdout.split(separator: "\n").first?.contains("CODE") == true, "\(name) --format table: \(table.stdout)")
            #expect(table.stdout.contains("unknown_record_type"), "\(name) --format table: \(table.stdout)")
            #expect(!table.stdoutBytes.contains(0x1B), "\(name) --format table printed a raw escape character")
            // An unknown option is named in the usage error.
            let bogus = Harness.run(program, [v.name, "--bogus", "1"] + base)
            #expect(bogus.status == 64 && bogus.stderr.contains("'--bogus'"), "\(name) --bogus 1: \(bogus.status) \(bogus.stderr)")
            // Every malformed amount spelling is invalid_amount, whichever number field the verb takes.
            let fields = Set(v.valueOptions.map { String($0.dropFirst(2).map { $0 == "-" ? "_" : $0 }) })
            if let field = Self.amountFields.first(where: { fields.contains($0) }) {
                #expect(FieldRules.numberFields.contains(field))
                for spelling in Self.badAmounts {
                    let r = Harness.run(program, [v.name, "-"] + base, stdin: Array("{\"\(field)\":\"\(spelling)\"}\n".utf8))
                    #expect(r.status == 1 && r.errorCodes == ["invalid_amount"], "\(name) \(field) \(spelling): \(r.stdout) \(r.stderr)")
                }
            }
        }
    }

    @Test(arguments: programs)
    func theProgramItselfReadsLinesTheSameWay(program: String) throws {
        let d = try #require(Self.describe(program), "\(program) --experimental-dump-help")
        let f = Fixture()
        let input = Array((Self.unknownType + "\n").utf8)
        // The root's own flags, or those of its default verb.
        let rootCommand = d.defaultVerb.flatMap { v in d.verbs.first { $0.name == v } } ?? d.root
        let base = Self.flags(rootCommand, f)
        // PROG -, PROG [flags] -
        Self.refusesUnknownType(Harness.run(program, ["-"] + base, stdin: input), "\(program) -")
        Self.refusesUnknownType(Harness.run(program, base + ["--format", "jsonl", "-"], stdin: input), "\(program) [flags] -")
        // Piped stdin with no verb.
        let piped = Harness.run(program, base, stdin: input)
        if Self.ledgerByDefault.contains(program) {
            #expect(piped.status == 0 && piped.errorCodes.isEmpty, "\(program) read stdin without '-': \(piped.stdout) \(piped.stderr)")
        } else {
            Self.refusesUnknownType(piped, "\(program) with piped stdin")
        }
        let bogus = Harness.run(program, ["--bogus", "1"] + base)
        #expect(bogus.status == 64 && bogus.stderr.contains("'--bogus'"), "\(program) --bogus 1: \(bogus.status) \(bogus.stderr)")
        let version = Harness.run(program, ["--version"])
        #expect(version.status == 0 && version.stdout == PandaVersion.string + "\n", "\(program) --version: \(version.stdout)")
    }
}
