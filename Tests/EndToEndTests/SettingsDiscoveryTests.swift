#if canImport(Glibc)
import Glibc
#endif
import PandaCore
import Testing

/// Issue 19, part A, as a user runs it: settings after creation (`pandactl-curve set`, `pandactl-index set`),
/// discovery (`pandactl-curve list`, `orders markets`, an index over a category), M(t) acting on the buy
/// side of every curve family, and `pandactl log --follow`.
@Suite struct SettingsDiscoveryEndToEnd {
    static func run(_ l: LedgerFixture, _ program: String, _ args: [String], input: String? = nil) -> Harness.Result {
        Harness.run(program, args + ["--ledger", l.path], stdin: input.map { Array($0.utf8) })
    }

    /// PANDA decimal text as base units.
    static func units(_ v: JSONValue?) -> Int128 {
        guard let text = v?.stringValue, let a = try? Amount(parsing: text) else { return -1 }
        return a.units
    }

    // MARK: curve set

    @Test func curveSetChangesEverySettingAndRefusesWhatItMust() throws {
        let l = LedgerFixture(funding: [("owner", "1000"), ("alice", "1000")])
        #expect(Self.run(l, "pandactl-curve", ["create", "--symbol", "FNET", "--from", "owner"]).status == 0)
        #expect(Self.run(l, "pandactl-curve", ["buy", "--symbol", "FNET", "--amount", "100", "--from", "alice"]).status == 0)
        let set = Self.run(l, "pandactl-curve", ["set", "--symbol", "FNET", "--inference-fee", "0.05", "--max-move", "20%", "--window", "1h",
                                                 "--weights", "accuracy=0.5,growth=0", "--max-emission", "5%", "--reward-per-bps", "3",
                                                 "--max-reward", "400", "--from", "owner"])
        #expect(set.status == 0, "\(set.stderr)")
        let r = try #require(set.records.first)
        #expect(r["op"] == "set" && r["seq"] != nil)  // journaled
        #expect(r["inference_fee"] == "0.05" && r["max_move"] == "20%" && r["window"] == "1h" && r["max_emission"] == "5%")
        #expect(r["weights"]?.objectValue?["accuracy"] == "0.5" && r["weights"]?.objectValue?["growth"] == "0")
        #expect(r["weights"]?.objectValue?["adoption"] == "0.25")
        #expect(r["reward_per_bps"] == 3 && r["max_reward"] == 400)
        // stats shows every setting.
        let stats = try #require(Self.run(l, "pandactl-curve", ["stats", "--symbol", "FNET"]).records.first)
        for key in ["inference_fee", "max_move", "window", "max_emission", "weights", "reward_per_bps", "max_reward"] {
            #expect(stats[key] == r[key], "stats \(key)")
        }
        // The rate limit acts.
        let jump = Self.run(l, "pandactl-curve", ["buy", "--symbol", "FNET", "--amount", "100", "--from", "alice"])
        #expect(jump.errorCodes == ["rate_limited"])

        // Refusals change nothing.
        let before = l.snapshot()
        let stranger = Self.run(l, "pandactl-curve", ["set", "--symbol", "FNET", "--inference-fee", "0", "--from", "alice"])
        #expect(stranger.errorCodes == ["not_authorized"])
        #expect(stranger.status == 77)
        let raise = Self.run(l, "pandactl-curve", ["set", "--symbol", "FNET", "--max-emission", "6%", "--from", "owner"])
        #expect(raise.errorCodes == ["already_trading"])
        #expect(raise.status == 1)
        let nothing = Self.run(l, "pandactl-curve", ["set", "--symbol", "FNET", "--from", "owner"])
        #expect(nothing.errorCodes == ["missing_field"])
        let metric = Self.run(l, "pandactl-curve", ["set", "--symbol", "FNET", "--weights", "speed=1", "--from", "owner"])
        #expect(metric.errorCodes == ["unknown_field"])
        let heavy = Self.run(l, "pandactl-curve", ["set", "--symbol", "FNET", "--weights", "accuracy=11", "--from", "owner"])
        #expect(heavy.errorCodes == ["invalid_request"])
        let lonely = Self.run(l, "pandactl-curve", ["set", "--symbol", "FNET", "--max-move", "none", "--window", "2h", "--from", "owner"])
        #expect(lonely.errorCodes == ["invalid_request"])
        #expect(l.snapshot() == before)

        // Lowering the cap after trading is allowed; the rate limit can be removed.
        let lower = Self.run(l, "pandactl-curve", ["set", "--symbol", "FNET", "--max-emission", "4%", "--max-move", "none", "--from", "owner"])
        #expect(lower.status == 0, "\(lower.stderr)")
        #expect(lower.records.first?["max_emission"] == "4%" && lower.records.first?["max_move"] == .null)
        #expect(Self.run(l, "pandactl-curve", ["buy", "--symbol", "FNET", "--amount", "100", "--from", "alice"]).status == 0)
        // Before the first trade the cap may be raised; the create receipt shows every setting.
        let created = Self.run(l, "pandactl-curve", ["create", "--symbol", "NEW", "--max-emission", "2%", "--from", "owner"]).records.first
        for key in ["inference_fee", "max_move", "window", "max_emission", "weights", "multiplier", "ask", "bid"] {
            #expect(created?[key] != nil, "create receipt lacks \(key)")
        }
        #expect(Self.run(l, "pandactl-curve", ["set", "--symbol", "NEW", "--max-emission", "12%", "--from", "owner"]).status == 0)
        #expect(l.auditPasses())
    }

    // MARK: M(t)

    /// DESIGN §4 "How M acts" on every family, through the programs: raising M (to 1.4) raises the ask by
    /// exactly the factor and leaves the bid; a buy at M = 1.4 puts its whole cost into the reserve; the
    /// metrics are echoed as used (accuracy clamped to 0.7); selling the whole supply returns the reserve.
    @Test(arguments: [["--curve", "quadratic"], ["--curve", "linear", "--a", "0.1", "--b", "0.001"],
                      ["--curve", "exponential", "--p0", "0.01", "--k", "0.0005"], ["--curve", "sigmoid", "--p0", "2", "--alpha", "0.0005", "--s0", "3000"]])
    func multiplierRaisesTheAskByExactlyTheFactor(curve: [String]) throws {
        let l = LedgerFixture(funding: [("owner", "100000"), ("alice", "100000"), ("bob", "100000")])
        #expect(Self.run(l, "pandactl-curve", ["create", "--symbol", "M", "--from", "owner"] + curve).status == 0)
        #expect(Self.run(l, "pandactl-curve", ["buy", "--symbol", "M", "--amount", "2000", "--from", "alice"]).status == 0)
        let before = try #require(Self.run(l, "pandactl-curve", ["stats", "--symbol", "M"]).records.first)
        #expect(before["ask"] == before["bid"] && before["multiplier"] == "1")
        // The owner weighs adoption alone: M = 1 + 0.4 × adoption = 1.4 (accuracy, clamped, weighs nothing).
        #expect(Self.run(l, "pandactl-curve", ["set", "--symbol", "M", "--weights", "accuracy=0,improvement=0,growth=0,adoption=0.4",
                                               "--from", "owner"]).status == 0)
        let metrics = Self.run(l, "pandactl-curve", ["metrics", "--symbol", "M", "--adoption", "1", "--accuracy", "0.3", "--from", "owner"])
        #expect(metrics.status == 0, "\(metrics.stderr)")
        #expect(metrics.records.first?["multiplier"] == "1.4")
        #expect(metrics.records.first?["metrics"]?.objectValue?["accuracy"] == "0.7")  // echoed as used
        let after = try #require(Self.run(l, "pandactl-curve", ["stats", "--symbol", "M"]).records.first)
        #expect(after["bid"] == before["bid"])
        #expect(Self.units(after["ask"]) == Self.units(before["bid"]) * 14 / 10)  // ⌊1.4 × bid⌋
        #expect(after["price"] == after["ask"])
        #expect(after["metrics"]?.objectValue?["accuracy"] == "0.7")
        // The table shows the ask under M too.
        let table = Self.run(l, "pandactl-curve", ["table", "--symbol", "M", "--start", "0", "--end", "2000", "--steps", "2"]).records
        let last = try #require(table.last)
        #expect(Self.units(last["ask"]) == Self.units(last["bid"]) * 14 / 10)

        // A buy at M = 1.4: the whole cost enters the reserve; a quote shows what selling at once returns.
        let quote = try #require(Self.run(l, "pandactl-curve", ["quote", "--symbol", "M", "--amount", "100"]).records.first)
        let sellBack = Self.units(quote["sell_back"])
        let buy = try #require(Self.run(l, "pandactl-curve", ["buy", "--symbol", "M", "--amount", "100", "--from", "bob"]).records.first)
        let cost = Self.units(buy["cost"])
        #expect(Self.units(buy["reserve"]) == Self.units(before["reserve"]) + cost)
        #expect(quote["cost"] == buy["cost"])
        #expect(sellBack * 13 < cost * 10 && sellBack * 15 > cost * 10)  // about 1/M of the cost
        #expect(buy["ask"] != nil && buy["bid"] != nil && Self.units(buy["ask"]) > Self.units(buy["bid"]))
        // Candles see the trade price (the average price paid, M included).
        let candles = Self.run(l, "pandactl-ohlc", ["--symbol", "M", "--venue", "curve", "--interval", "1d"]).records(ofType: "candle")
        #expect(candles.last?["close"] == buy["avg_price"])
        // Selling the whole supply returns exactly the reserve.
        let reserve = Self.units(buy["reserve"])
        #expect(Self.run(l, "pandactl-curve", ["sell", "--symbol", "M", "--amount", "100", "--from", "bob"]).status == 0)
        let stats = try #require(Self.run(l, "pandactl-curve", ["stats", "--symbol", "M"]).records.first)
        let held = Self.units(stats["reserve"])
        let all = try #require(Self.run(l, "pandactl-curve", ["sell", "--symbol", "M", "--amount", "2000", "--from", "alice"]).records.first)
        #expect(Self.units(all["payout"]) == held)
        #expect(held < reserve)
        #expect(l.auditPasses())
    }

    /// The rate limiter sees the ask: after M rises past max_move, a buy (moving the ask further) is refused
    /// and a sell (moving it back toward the window's opening price) is not.
    @Test func rateLimiterSeesTheAsk() throws {
        let l = LedgerFixture(funding: [("owner", "100000"), ("alice", "100000")])
        #expect(Self.run(l, "pandactl-curve", ["create", "--symbol", "R", "--from", "owner"]).status == 0)
        #expect(Self.run(l, "pandactl-curve", ["buy", "--symbol", "R", "--amount", "1000", "--from", "alice"]).status == 0)
        #expect(Self.run(l, "pandactl-curve", ["set", "--symbol", "R", "--max-move", "30%", "--window", "24h", "--from", "owner"]).status == 0)
        // Without M a small buy passes the limit.
        #expect(Self.run(l, "pandactl-curve", ["buy", "--symbol", "R", "--amount", "1", "--from", "alice"]).status == 0)
        let metrics = Self.run(l, "pandactl-curve", ["metrics", "--symbol", "R", "--adoption", "1", "--growth", "1", "--from", "owner"])
        #expect(metrics.records.first?["multiplier"] == "1.5")
        let buy = Self.run(l, "pandactl-curve", ["buy", "--symbol", "R", "--amount", "1", "--from", "alice"])
        #expect(buy.errorCodes == ["rate_limited"])
        #expect(Self.run(l, "pandactl-curve", ["sell", "--symbol", "R", "--amount", "10", "--from", "alice"]).status == 0)
        #expect(l.auditPasses())
    }

    // MARK: Discovery

    @Test func listMarketsAndAnIndexOverACategory() throws {
        let l = LedgerFixture(funding: [("owner", "1000"), ("other", "1000"), ("alice", "1000")])
        for (sym, cat, who) in [("FNET", "fraud", "owner"), ("FRD2", "fraud", "other"), ("VISN", "vision", "owner")] {
            #expect(Self.run(l, "pandactl-curve", ["create", "--symbol", sym, "--category", cat, "--name", sym + " model", "--from", who]).status == 0)
            #expect(Self.run(l, "pandactl-curve", ["buy", "--symbol", sym, "--amount", "50", "--from", "alice"]).status == 0)
        }
        let all = Self.run(l, "pandactl-curve", ["list"])
        #expect(all.status == 0)
        #expect(all.records.map { $0["symbol"]?.stringValue ?? "" } == ["FNET", "FRD2", "VISN"])
        let first = try #require(all.records.first)
        #expect(first["type"] == "model" && first["name"] == "FNET model" && first["category"] == "fraud" && first["owner"] == "owner")
        #expect(first["address"]?.stringValue?.hasPrefix("0x") == true && first["supply"] == 50 && first["price"] != nil && first["bid"] != nil)
        let fraud = Self.run(l, "pandactl-curve", ["list", "--category", "fraud"]).records.map { $0["symbol"]?.stringValue ?? "" }
        #expect(fraud == ["FNET", "FRD2"])
        let mine = Self.run(l, "pandactl-curve", ["list", "--owner", "owner"]).records.map { $0["symbol"]?.stringValue ?? "" }
        #expect(mine == ["FNET", "VISN"])
        #expect(Self.run(l, "pandactl-curve", ["list", "--category", "audio"]).stdout.isEmpty)
        let badOwner = Self.run(l, "pandactl-curve", ["list", "--owner", "not a name!"])
        #expect(badOwner.status == 65 && badOwner.errorCodes.count == 1, "\(badOwner.stdout)")
        // `model` records pass through programs that do not consume them (a known record type).
        let through = Harness.run("pandactl-ohlc", ["-"], input: all.stdout)
        #expect(through.status == 0, "\(through.stderr)")

        let markets = Self.run(l, "pandactl-orders", ["markets"]).records
        #expect(markets.count == 3)
        #expect(markets.first?["category"] == "fraud" && markets.first?["owner"] == "owner" && markets.first?["address"] == first["address"])

        // An index takes its members from a category.
        let index = Self.run(l, "pandactl-index", ["create", "--name", "FRAUD", "--weight-by", "market_cap", "--category", "fraud", "--from", "alice"])
        #expect(index.status == 0, "\(index.stderr)")
        #expect(index.records.first?["weights"]?.objectValue?.keys.sorted() == ["FNET", "FRD2"])
        let before = l.snapshot()
        let none = Self.run(l, "pandactl-index", ["create", "--name", "AUDIO", "--weight-by", "market_cap", "--category", "audio", "--from", "alice"])
        #expect(none.errorCodes == ["invalid_request"])
        let both = Self.run(l, "pandactl-index", ["create", "--name", "X", "--weight-by", "market_cap", "--category", "fraud", "--members", "VISN",
                                                  "--from", "alice"])
        #expect(both.errorCodes == ["invalid_request"])
        #expect(l.snapshot() == before)
        #expect(l.auditPasses())
    }

    @Test func indexSetByItsManager() throws {
        let l = LedgerFixture(funding: [("owner", "1000"), ("manager", "1000"), ("alice", "1000")])
        #expect(Self.run(l, "pandactl-curve", ["create", "--symbol", "FNET", "--from", "owner"]).status == 0)
        #expect(Self.run(l, "pandactl-index", ["create", "--name", "AI", "--weights", #"{"FNET":1}"#, "--from", "manager"]).status == 0)
        let set = Self.run(l, "pandactl-index", ["set", "--name", "AI", "--trading-fee-bps", "20", "--creation-fee-bps", "5", "--rebalance-fee-bps", "0",
                                                 "--period", "1d", "--from", "manager"])
        #expect(set.status == 0, "\(set.stderr)")
        let r = try #require(set.records.first)
        #expect(r["op"] == "set" && r["trading_fee_bps"] == 20 && r["creation_fee_bps"] == 5 && r["rebalance_fee_bps"] == 0 && r["period"] == "1d")
        // The buy pays the new creation fee: 5 bps on top of the curve cost.
        let buy = try #require(Self.run(l, "pandactl-index", ["buy", "--name", "AI", "--shares", "1000", "--from", "alice"]).records.first)
        #expect(buy["fee"] == nil || Self.units(buy["fee"]) * 10_000 / 5 <= Self.units(buy["cost"]))
        let before = l.snapshot()
        let stranger = Self.run(l, "pandactl-index", ["set", "--name", "AI", "--trading-fee-bps", "0", "--from", "alice"])
        #expect(stranger.errorCodes == ["not_authorized"])
        #expect(stranger.status == 77)
        let nothing = Self.run(l, "pandactl-index", ["set", "--name", "AI", "--from", "manager"])
        #expect(nothing.errorCodes == ["missing_field"])
        let unknown = Self.run(l, "pandactl-index", ["set", "--name", "NOPE", "--trading-fee-bps", "1", "--from", "manager"])
        #expect(unknown.errorCodes == ["unknown_index"])
        #expect(l.snapshot() == before)
        #expect(l.auditPasses())
    }

    // MARK: log --follow

    /// A program started in the background with its stdout on a pipe the test reads.
    final class Follower {
        let pid: pid_t
        let fd: Int32
        private var pending: [UInt8] = []

        init(_ args: [String]) {
            var fds: [Int32] = [0, 0]
            precondition(pipe(&fds) == 0)
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
            posix_spawn_file_actions_addclose(&actions, fds[0])
            posix_spawn_file_actions_addclose(&actions, fds[1])
            pid = SettingsDiscoveryEndToEnd.spawn(Harness.binDir + "/pandactl", args, &actions)
            close(fds[1])
            fd = fds[0]
        }

        /// Complete lines available within `milliseconds`, each with the wall-clock time it was read.
        func lines(waiting milliseconds: Int32) -> [(line: String, at: Int64)] {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, milliseconds) > 0 else { return [] }
            var buf = [UInt8](repeating: 0, count: 1 << 16)
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { return [] }
            let now = Timestamp.now().milliseconds
            pending += buf[0..<n]
            var out: [(String, Int64)] = []
            while let i = pending.firstIndex(of: 0x0A) {
                out.append((String(decoding: pending[..<i], as: UTF8.self), now))
                pending.removeSubrange(...i)
            }
            return out
        }

        /// Sends `signal` and waits for the exit status (nil if it is still running after `milliseconds`).
        func stop(_ signal: Int32, within milliseconds: Int) -> Int32? {
            kill(pid, signal)
            var status: Int32 = 0
            for _ in 0..<(milliseconds / 10) {
                if waitpid(pid, &status, WNOHANG) == pid { close(fd); return status & 0x7f == 0 ? (status >> 8) & 0xff : -(status & 0x7f) }
                usleep(10_000)
            }
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
            close(fd)
            return nil
        }
    }

    static func spawn(_ path: String, _ args: [String], _ actions: inout posix_spawn_file_actions_t) -> pid_t {
        let (pid, rc) = Harness.spawn(path, args, actions: &actions)
        precondition(rc == 0)
        return pid
    }

    /// Under 4 concurrent writer processes, `log --follow` prints every entry exactly once, in sequence
    /// order, each within a second of its commit (its journal time), and ends with status 0 on SIGTERM.
    @Test func followPrintsEveryEntryOnceInOrderUnderFourWriters() throws {
        let l = LedgerFixture(funding: [])
        let follower = Follower(["log", "--follow", "--since", "1", "--ledger", l.path])
        usleep(200_000)
        // Four writers, each a stream of 40 fund requests (grouped into transactions by the runtime).
        var writers: [pid_t] = []
        for w in 0..<4 {
            let input = l.dir.file("w\(w).jsonl")
            let lines = (0..<40).map { #"{"op":"fund","to":"w\#(w)x\#($0)","amount":"1"}"# }.joined(separator: "\n") + "\n"
            Harness.writeFile(input, Array(lines.utf8))
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            writers.append(Self.spawn(Harness.binDir + "/pandactl", ["fund", "-", "--ledger", l.path], &actions))
            posix_spawn_file_actions_destroy(&actions)
        }
        var seen: [(seq: Int64, ts: Int64, at: Int64)] = []
        let deadline = Timestamp.now().milliseconds + 60_000
        while seen.count < 160 && Timestamp.now().milliseconds < deadline {
            for (line, at) in follower.lines(waiting: 100) {
                guard let o = try? JSONParser.parse(line).objectValue, o["type"] == "entry",
                      let seq = o["seq"]?.numberValue.flatMap({ Int64($0.text) }),
                      let ts = o["ts"]?.stringValue.flatMap({ Timestamp(rfc3339: $0) }) else {
                    Issue.record("not an entry record: \(line)"); continue
                }
                seen.append((seq, ts.milliseconds, at))
            }
        }
        for w in writers { waitpid(w, nil, 0) }
        // Nothing more comes: no entry is printed twice.
        for (line, _) in follower.lines(waiting: 500) { Issue.record("extra line: \(line)") }
        #expect(follower.stop(SIGTERM, within: 2_000) == 0)
        #expect(seen.map(\.seq) == Array(Int64(2)...161), "entries \(seen.map(\.seq))")
        let late = seen.filter { $0.at - $0.ts > 1_000 }
        #expect(late.isEmpty, "printed more than a second after the commit: \(late)")
        let head = l.pandactl(["log", "--since", "160"]).records.first?["seq"]
        #expect(head == 161)
    }

    /// `pandactl log --follow | head -3` ends when head does (exit status 0, not the timeout's 124), also
    /// when no new entry ever comes; SIGINT ends a follower with status 0; --op filters.
    @Test func followEndsWithItsReaderAndOnSignals() throws {
        let l = LedgerFixture(funding: [("alice", "10"), ("bob", "10"), ("carol", "10"), ("dave", "10")])
        let start = Timestamp.now().milliseconds
        let r = Harness.run("/bin/bash", ["-c", "timeout 20 pandactl log --follow --ledger '\(l.path)' | head -3; echo \"status=${PIPESTATUS[0]}\""])
        let elapsed = Timestamp.now().milliseconds - start
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 4, "\(r.stdout) \(r.stderr)")
        #expect(lines.last == "status=0")
        #expect(elapsed < 10_000)

        let follower = Follower(["log", "--follow", "--op", "transfer", "--ledger", l.path])
        #expect(l.pandactl(["transfer", "--to", "bob", "--amount", "1", "--from", "alice"]).status == 0)
        #expect(l.pandactl(["fund", "--to", "bob", "--amount", "1"]).status == 0)
        var got: [String] = []
        for _ in 0..<20 where got.isEmpty { got += follower.lines(waiting: 100).map(\.line) }
        #expect(got.count == 1 && got.first?.contains(#""op":"transfer""#) == true, "\(got)")
        #expect(follower.stop(SIGINT, within: 2_000) == 0)

        // --op without --follow; a missing ledger ends a follower at once with its status.
        let funds = l.pandactl(["log", "--op", "fund", "--limit", "3"]).records
        #expect(funds.count == 3 && funds.allSatisfy { $0["op"] == "fund" })
        let missing = Harness.run("pandactl", ["log", "--follow", "--ledger", l.dir.file("none.db")])
        #expect(missing.status == 66 && missing.errorCodes.count == 1)
    }
}
