#if canImport(Glibc)
import Glibc
#endif
import PandaCLI
import PandaCore
import Testing

/// The items of issue 16's "What was seen" that the conformance suite does not loop over: each one as
/// a user met it, on a fresh open ledger.
@Suite struct ConventionsTests {
    /// An open ledger with alice, bob and a model FNET owned by alice.
    static func ledger() -> LedgerFixture {
        let f = LedgerFixture(funding: [("alice", "1000"), ("bob", "1000")])
        let c = f.pandactl(["curve", "create", "--from", "alice", "--symbol", "FNET", "--name", "FraudNet"])
        precondition(c.status == 0, c.stderr)
        return f
    }

    @Test func exportHelpListsItsVersionOptionOnce() {
        let help = Harness.run("pandactl-train", ["export", "--help"]).stdout
        #expect(help.split(separator: "\n").filter { $0.contains("--version") && !$0.contains("USAGE") }.count == 1, "\(help)")
        #expect(!help.contains("Show the version"))
        #expect(Harness.run("pandactl-train", ["--version"]).stdout == PandaVersion.string + "\n")
    }

    @Test func logAndCandlesPrintTables() {
        let f = Self.ledger()
        let log = f.pandactl(["log", "--format", "table", "--limit", "2"])
        #expect(log.status == 0 && log.stdout.hasPrefix("SEQ"), "\(log.stdout)")
        #expect(f.pandactl(["curve", "buy", "--from", "bob", "--symbol", "FNET", "--amount", "10"]).status == 0)
        let candles = Harness.run("pandactl-ohlc", ["--ledger", f.path, "--symbol", "FNET", "--interval", "1H", "--format", "table"])
        #expect(candles.status == 0 && candles.stdout.hasPrefix("SYMBOL") && candles.stdout.contains(" 1h "), "\(candles.stdout) \(candles.stderr)")
        for interval in ["1D", "1W", "4h"] {
            #expect(Harness.run("pandactl-ohlc", ["--ledger", f.path, "--symbol", "FNET", "--interval", interval]).status == 0, "\(interval)")
        }
        let month = Harness.run("pandactl-ohlc", ["--ledger", f.path, "--symbol", "FNET", "--interval", "1M"])
        #expect(month.status == 65 && month.stderr.contains("minute") && month.stderr.contains("month"), "\(month.stderr)")
    }

    @Test func orderRecordsPipedIntoPlaceArePassedBy() {
        let f = Self.ledger()
        #expect(f.pandactl(["curve", "buy", "--from", "bob", "--symbol", "FNET", "--amount", "50"]).status == 0)
        #expect(f.pandactl(["orders", "place", "--from", "bob", "--symbol", "FNET", "--side", "sell", "--price", "1", "--amount", "5"]).status == 0)
        let orders = f.pandactl(["orders", "orders", "--account", "bob"])
        #expect(orders.records(ofType: "order").first?["order_type"]?.stringValue == "limit", "\(orders.stdout)")
        let before = f.snapshot()
        let piped = Harness.run("pandactl-orders", ["place", "-", "--ledger", f.path], stdin: orders.stdoutBytes)
        #expect(piped.status == 0 && piped.stdout.isEmpty, "\(piped.stdout) \(piped.stderr)")
        #expect(f.snapshot() == before)
    }

    @Test func rateLimitSettingsAreExplicitAndShown() {
        let f = Self.ledger()
        let bare = f.pandactl(["curve", "create", "--from", "alice", "--symbol", "RL", "--max-move", "50", "--window", "24h"])
        #expect(bare.status == 65 && bare.errorCodes == ["invalid_request"] && bare.stdout.contains("50%"), "\(bare.stdout)")
        let created = f.pandactl(["curve", "create", "--from", "alice", "--symbol", "RL", "--max-move", "50%", "--window", "24h"])
        let receipt = created.records(ofType: "receipt").first
        #expect(receipt?["max_move"]?.stringValue == "50%" && receipt?["window"]?.stringValue == "1d", "\(created.stdout)")
        let stats = f.pandactl(["curve", "stats", "--symbol", "RL"]).records.first
        #expect(stats?["max_move"]?.stringValue == "50%" && stats?["window"]?.stringValue == "1d")
        #expect(f.pandactl(["curve", "stats", "--symbol", "FNET"]).records.first?["max_move"] == .null)
    }

    @Test func queriesWithNoResultPrintNothing() {
        let f = Self.ledger()
        for format in ["jsonl", "table"] {
            let r = f.pandactl(["orders", "trades", "--symbol", "FNET", "--format", format])
            #expect(r.status == 0 && r.stdout.isEmpty, "\(format): \(r.stdout)")
        }
    }

    @Test func recipientsAndNames() {
        let f = Self.ledger()
        let zero = f.pandactl(["transfer", "--from", "alice", "--to", "0x0000000000000000000000000000000000000000", "--amount", "1"])
        #expect(zero.status == 65 && zero.errorCodes == ["zero_address"])
        let tokens = f.pandactl(["curve", "transfer", "--from", "alice", "--symbol", "FNET", "--to", "0X0000000000000000000000000000000000000000",
                                 "--amount", "1"])
        #expect(tokens.errorCodes == ["zero_address"])
        let short = f.pandactl(["transfer", "--from", "alice", "--to", "0xabc", "--amount", "1"])
        #expect(short.status == 65 && short.errorCodes == ["invalid_account"])
        #expect(f.auditPasses())
    }

    /// Issue 15, case 7: terminal escapes and bidi overrides never reach a table.
    @Test func textWithControlsOrBidiOverridesIsRefused() {
        let f = Self.ledger()
        for (field, text) in [("--name", "A\u{1B}[31mB"), ("--name", "evil\u{202E}gnp.exe"), ("--description", "x\u{2066}y"),
                              ("--category", "c\u{85}d"), ("--symbol", "S\u{7}")] {
            let r = f.pandactl(["curve", "create", "--from", "alice", "--symbol", field == "--symbol" ? text : "TXT", field, text])
            #expect(r.status == 65 && r.errorCodes == ["invalid_text"], "\(field) \(r.stdout)")
        }
        let markets = f.pandactl(["orders", "markets", "--format", "table"])
        #expect(markets.status == 0 && !markets.stdoutBytes.contains(0x1B))
        #expect(f.auditPasses())
    }

    @Test func messagesReadAsSentences() {
        let f = Self.ledger()
        let whole = f.pandactl(["curve", "buy", "--from", "bob", "--symbol", "FNET", "--amount", "1.5"])
        #expect(whole.stderr.contains("'amount' '1.5' must be a whole number"), "\(whole.stderr)")
        let owner = f.pandactl(["mint", "initial", "--from", "bob", "--symbol", "FNET", "--score", "80"])
        #expect(owner.errorCodes == ["not_authorized"] && !owner.stderr.contains("are set by"), "\(owner.stderr)")
        #expect(owner.stderr.contains("only the owner of FNET"))
        let rows = "{\"features\":[1],\"label\":0}\n{\"features\":[2],\"label\":2}\n"
        let logistic = Harness.run("pandactl-train", ["--ledger", f.path, "--from", "alice", "--symbol", "FNET", "--algo", "logistic"],
                                   input: rows)
        let error = logistic.records(ofType: "error").first
        #expect(error?["line"] == 2 && error?["message"]?.stringValue?.contains("row 1") == false, "\(logistic.stdout)")
        let huge = Harness.run("pandactl-ohlc", ["-"], input: #"{"type":"trade","symbol":"FNET","price":1e400,"amount":1,"ts":"2026-12-01T00:00:00Z"}"# + "\n")
        #expect(huge.errorCodes == ["invalid_amount"] && huge.stderr.contains("'price'") && !huge.stderr.contains("needs"), "\(huge.stderr)")
    }

    @Test func numbersFollowOneGrammar() {
        let f = Self.ledger()
        // A JSON number may carry an exponent when its value is exact; a string may not.
        let exact = Harness.run("pandactl-curve", ["buy", "-", "--ledger", f.path, "--from", "bob", "--symbol", "FNET"], input: "{\"amount\":1e2}\n")
        #expect(exact.status == 0 && exact.records(ofType: "receipt").first?["amount"] == 100, "\(exact.stdout) \(exact.stderr)")
        for spelling in ["1e5", "007", "1.", ".5", "+1", " 1", "1 "] {
            let r = f.pandactl(["transfer", "--from", "alice", "--to", "bob", "--amount", spelling])
            #expect(r.status == 65 && r.errorCodes == ["invalid_amount"], "\(spelling): \(r.stdout)")
        }
        #expect(f.pandactl(["transfer", "--from", "alice", "--to", "bob", "--amount", "0.5"]).status == 0)
    }

    @Test func theRepositoryIsReproducibleAndTidy() {
        var root = Substring(#filePath)
        for _ in 0..<3 { root = root[..<(root.lastIndex(of: "/") ?? root.startIndex)] }
        #expect(access(root + "/Package.resolved", F_OK) == 0, "Package.resolved is committed (builds are reproducible)")
        for stray in ["b.err", "b.out", "b.rc"] { #expect(access(root + "/" + stray, F_OK) != 0, "stray \(stray) at the root") }
    }
}
