#if canImport(Glibc)
import Glibc
#endif
import PandaCore
import Testing

/// The same ledger on PostgreSQL (issue 17, DESIGN §5 "Several hosts"): the programs against a throw-away
/// server this suite starts (scripts/pg.sh; stopped when the test process exits), or the one the run was
/// given (PANDA_PG_DIR). Skipped, saying so, only when PostgreSQL is not installed.
@Suite(.enabled(if: PostgresServer.installed || TestEngine.isPostgres,
                "PostgreSQL is not installed here (scripts/deps.sh installs it): the PostgreSQL end-to-end tests are skipped"))
struct PostgresEndToEnd {
    /// The server's socket directory, started once for the suite.
    static let server: String = {
        if let dir = TestEngine.postgresDir { return dir }
        guard let dir = PostgresServer.start() else { fatalError("scripts/pg.sh start failed") }
        startedServer = dir
        atexit { if let dir = PostgresEndToEnd.startedServer { PostgresServer.stop(dir) } }
        return dir
    }()
    nonisolated(unsafe) static var startedServer: String?

    static func newLedger() -> String { PostgresServer.newDatabase(socketDirectory: server) }

    static func run(_ program: String, _ args: [String], _ ledger: String, input: String? = nil, env: [String: String] = [:]) -> Harness.Result {
        Harness.run(program, args + ["--ledger", ledger], stdin: input.map { Array($0.utf8) }, env: env)
    }

    static func auditPasses(_ ledger: String) -> Bool {
        let r = run("pandactl", ["audit"], ledger)
        return r.status == 0 && r.stdout.isEmpty
    }

    /// A receipt without its hash (which chains from the init entry's time, different on each ledger).
    static func comparable(_ records: [JSONObject]) -> [String] {
        records.map { r in
            var r = r
            r["tx"] = nil
            return JSONWriter.string(.object(r), sortedKeys: true)
        }
    }

    @Test func initTransfersAuditAndRefusals() throws {
        let url = Self.newLedger()
        let i = Self.run("pandactl", ["init", "--auth", "open", "--chain-id", "pg"], url)
        #expect(i.status == 0, "\(i.stderr)")
        #expect(i.records.first?["chain_id"] == "pg")
        // A database that already holds a ledger is refused, and keeps it.
        let again = Self.run("pandactl", ["init", "--auth", "open", "--chain-id", "other"], url)
        #expect(again.status == 74)
        #expect(again.errorCodes == ["file_exists"])
        let f = Self.run("pandactl", ["fund", "--to", "alice", "--amount", "100"], url)
        #expect(f.status == 0, "\(f.stderr)")
        let lines = """
            {"op":"transfer","from":"alice","to":"bob","amount":"12.5"}
            {"op":"transfer","from":"bob","to":"carol","amount":"0.000000000000000001"}
            {"op":"transfer","from":"carol","to":"alice","amount":"1"}
            {"op":"transfer","from":"alice","to":"bob","amount":"1e3"}

            """
        let t = Self.run("pandactl", ["transfer", "-"], url, input: lines)
        #expect(t.status == 1)
        #expect(t.records.map { $0["type"]?.stringValue ?? "" } == ["receipt", "receipt", "error", "error"])
        #expect(t.errorCodes == ["insufficient_funds", "invalid_amount"])
        let bob = Self.run("pandactl", ["balance", "--account", "bob"], url)
        #expect(bob.records.first?["panda"] == "12.499999999999999999")
        let accounts = Self.run("pandactl", ["accounts"], url)
        let names = accounts.records.compactMap { $0["account"]?.stringValue }
        #expect(names == names.sorted() && ["alice", "bob", "carol"].allSatisfy(names.contains), "\(names)")
        #expect(accounts.records.contains { $0["account"] == "alice" && $0["panda"] == "87.5" })
        #expect(Self.auditPasses(url))
        let log = Self.run("pandactl", ["log"], url)
        #expect(log.records.count == 4, "\(log.stdout)")
        // Refusals change nothing: the journal is as it was.
        let before = Self.run("pandactl", ["log"], url).stdout
        let refused = Self.run("pandactl", ["transfer", "--from", "nobody", "--to", "bob", "--amount", "1"], url)
        #expect(refused.status == 1)
        #expect(Self.run("pandactl", ["log"], url).stdout == before)
    }

    @Test func whereThereIsNoLedger() throws {
        // An empty database: no ledger there (the same exit status as a missing file).
        let empty = Self.newLedger()
        let missing = Self.run("pandactl", ["balance", "--account", "alice"], empty)
        let missingFile = Harness.run("pandactl", ["balance", "--account", "alice", "--ledger", "/nonexistent/none.db"])
        #expect(missing.errorCodes == ["ledger_missing"])
        #expect(missing.status == missingFile.status)
        // A database that does not exist, and a server that is not there: cannot open (74), one line.
        let noDatabase = Self.run("pandactl", ["accounts"], PostgresServer.url(Self.server, "no_such_database"))
        #expect(noDatabase.status == 74)
        #expect(noDatabase.errorCodes == ["io_error"])
        let noServer = Self.run("pandactl", ["accounts"], PostgresServer.url("/nonexistent", "postgres") + "&password=secret")
        #expect(noServer.status == 74)
        #expect(!noServer.stderr.contains("secret"))
        #expect(noServer.stderr.split(separator: "\n").count == 1)
    }

    /// The same request lines on SQLite and on PostgreSQL give the same receipts and the same state.
    @Test func curveTradesGiveTheSameReceiptsOnBothEngines() throws {
        let dir = TempDir()
        let ledgers = [dir.file("panda.db"), Self.newLedger()]
        var outputs: [[String]] = []
        for ledger in ledgers {
            let i = Self.run("pandactl", ["init", "--auth", "open", "--chain-id", "same"], ledger)
            #expect(i.status == 0, "\(i.stderr)")
            let lines = """
                {"op":"fund","to":"creator","amount":"10","ts":"2030-01-01T00:00:00Z"}
                {"op":"fund","to":"buyer","amount":"1000","ts":"2030-01-01T00:00:01Z"}

                """
            let f = Self.run("pandactl", [], ledger, input: lines)
            #expect(f.status == 0, "\(f.stderr)")
            let curve = """
                {"op":"create","from":"creator","symbol":"FNET","name":"FraudNet","ts":"2030-01-01T00:00:02Z"}
                {"op":"buy","from":"buyer","symbol":"FNET","amount":1000,"max_cost":"334","ts":"2030-01-01T00:00:03Z"}
                {"op":"sell","from":"buyer","symbol":"FNET","amount":2000,"ts":"2030-01-01T00:00:04Z"}
                {"op":"buy","from":"buyer","symbol":"FNET","amount":10,"max_cost":"0.1","ts":"2030-01-01T00:00:05Z"}
                {"op":"sell","from":"buyer","symbol":"FNET","amount":500,"min_payout":"291","ts":"2030-01-01T00:00:06Z"}
                {"op":"transfer","from":"buyer","to":"creator","symbol":"FNET","amount":100,"ts":"2030-01-01T00:00:07Z"}
                {"op":"price","symbol":"FNET"}
                {"op":"stats","symbol":"FNET"}
                {"op":"buy","from":"buyer","symbol":"NOPE","amount":1,"ts":"2030-01-01T00:00:08Z"}

                """
            let c = Self.run("pandactl-curve", [], ledger, input: curve)
            #expect(c.status == 1, "\(c.stderr)")
            #expect(c.errorCodes == ["insufficient_tokens", "slippage", "unknown_symbol"])
            let balances = Self.run("pandactl", ["accounts"], ledger)
            let holdings = Self.run("pandactl", ["balance", "--account", "buyer"], ledger)
            #expect(Self.auditPasses(ledger))
            outputs.append(Self.comparable(c.records) + Self.comparable(balances.records) + Self.comparable(holdings.records))
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0].contains { $0.contains(#""payout":"291.666666666666666666""#) })
    }

    /// Backups have one archive format on both engines: an SQLite ledger's backup restores into a PostgreSQL
    /// database and back into a file, each the same ledger (journal, balances, tokens) and each audited.
    @Test func backupsMoveLedgersBetweenEngines() throws {
        let dir = TempDir()
        let file = dir.file("panda.db")
        #expect(Self.run("pandactl", ["init", "--auth", "open", "--chain-id", "moves"], file).status == 0)
        #expect(Self.run("pandactl", ["fund", "--to", "alice", "--amount", "1000"], file).status == 0)
        #expect(Self.run("pandactl-curve", ["create", "--symbol", "FNET", "--from", "alice"], file).status == 0)
        #expect(Self.run("pandactl-curve", ["buy", "--symbol", "FNET", "--amount", "500", "--from", "alice"], file).status == 0)
        let fromFile = dir.file("file.tar.zst")
        #expect(Self.run("pandactl", ["backup", fromFile], file).status == 0)
        let url = Self.newLedger()
        let restored = Self.run("pandactl", ["restore", fromFile], url)
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.records.first?["replaced"] == false)
        // A database holding a ledger is replaced only with --force.
        let refused = Self.run("pandactl", ["restore", fromFile], url)
        #expect(refused.status == 74)
        #expect(refused.errorCodes == ["file_exists"])
        #expect(Self.run("pandactl", ["transfer", "--from", "alice", "--to", "bob", "--amount", "1"], url).status == 0)
        let forced = Self.run("pandactl", ["restore", fromFile, "--force"], url)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.records.first?["replaced"] == true)
        // And back: the PostgreSQL ledger's backup restores into a new file.
        let fromPostgres = dir.file("pg.tar.gz")
        #expect(Self.run("pandactl", ["backup", fromPostgres], url).status == 0)
        let back = dir.file("back.db")
        #expect(Self.run("pandactl", ["restore", fromPostgres], back).status == 0)
        for ledger in [url, back] {
            #expect(Self.run("pandactl", ["log"], ledger).stdout == Self.run("pandactl", ["log"], file).stdout)
            #expect(Self.run("pandactl", ["balance", "--account", "alice"], ledger).stdout == Self.run("pandactl", ["balance", "--account", "alice"], file).stdout)
            #expect(Self.auditPasses(ledger))
        }
        // The transfer made before the forced restore is gone with the ledger it was made on.
        #expect(!Self.run("pandactl", ["accounts"], url).stdout.contains(#""bob""#))
    }

    /// `pandactl copy` SQLite → PostgreSQL → SQLite: every table of the last copy holds the original's rows
    /// (the journal included, hash for hash), each copy audits clean, and a target that holds a ledger is
    /// refused (74) and left as it was.
    @Test func copyMovesALedgerToPostgresAndBack() throws {
        let dir = TempDir()
        let original = dir.file("original.db")
        #expect(Self.run("pandactl", ["init", "--auth", "open", "--chain-id", "copy"], original).status == 0)
        #expect(Self.run("pandactl", ["fund", "--to", "alice", "--amount", "1000"], original).status == 0)
        #expect(Self.run("pandactl-curve", ["create", "--symbol", "FNET", "--from", "alice"], original).status == 0)
        #expect(Self.run("pandactl-curve", ["buy", "--symbol", "FNET", "--amount", "300", "--from", "alice"], original).status == 0)
        #expect(Self.run("pandactl-orders", ["place", "--symbol", "FNET", "--side", "sell", "--price", "2", "--amount", "10", "--from", "alice"], original).status == 0)
        let url = Self.newLedger()
        let there = Self.run("pandactl", ["copy", "--to", url], original)
        #expect(there.status == 0, "\(there.stderr)")
        #expect(there.records.first?["to_engine"] == "postgresql")
        let back = dir.file("back.db")
        let again = Self.run("pandactl", ["copy", "--to", back], url)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.records.first?["head_hash"] == there.records.first?["head_hash"])
        let tables = Harness.run("/usr/bin/env", ["sqlite3", original, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"]).stdout
            .split(separator: "\n").map(String.init)
        #expect(tables.contains("journal") && tables.contains("accounts") && tables.contains("orders"))
        for table in tables {
            func rows(_ db: String) -> [Substring] {
                Harness.run("/usr/bin/env", ["sqlite3", db, "SELECT * FROM \"\(table)\""]).stdout.split(separator: "\n").sorted()
            }
            #expect(rows(back) == rows(original), "\(table)")
        }
        #expect(Self.auditPasses(url) && Self.auditPasses(back))
        // Targets that hold a ledger are refused and keep it.
        let before = Self.run("pandactl", ["log"], url).stdout
        let onto = Self.run("pandactl", ["copy", "--to", url], back)
        #expect(onto.status == 74)
        #expect(onto.errorCodes == ["file_exists"])
        #expect(Self.run("pandactl", ["copy", "--to", back], original).errorCodes == ["file_exists"])
        #expect(Self.run("pandactl", ["log"], url).stdout == before)
    }

    /// Readers on a standby: a streaming replica serves the read-only programs; a write there is refused
    /// at once (74, read-only), not left hanging.
    @Test func readersOnAStreamingReplica() throws {
        let url = Self.newLedger()
        let name = String(url.dropFirst("postgresql:///".count).prefix { $0 != "?" })
        #expect(Self.run("pandactl", ["init", "--auth", "open"], url).status == 0)
        #expect(Self.run("pandactl", ["fund", "--to", "alice", "--amount", "100"], url).status == 0)
        #expect(Self.run("pandactl-curve", ["create", "--symbol", "FNET", "--from", "alice"], url).status == 0)
        let replica = try #require(PostgresServer.startReplica(of: Self.server), "scripts/pg.sh replica failed")
        defer { PostgresServer.stop(replica) }
        let standby = PostgresServer.url(replica, name)
        // A write on the primary after the replica started reaches it by streaming.
        #expect(Self.run("pandactl-curve", ["buy", "--symbol", "FNET", "--amount", "100", "--from", "alice"], url).status == 0)
        var seen = false
        for _ in 0..<50 where !seen {
            seen = Self.run("pandactl", ["log"], standby).records.count == 4
            if !seen { usleep(100_000) }
        }
        #expect(seen)
        for (program, args) in [("pandactl", ["balance", "--account", "alice"]), ("pandactl", ["log"]), ("pandactl", ["accounts"]),
                                ("pandactl-curve", ["price", "--symbol", "FNET"]), ("pandactl-orders", ["trades", "--symbol", "FNET"]),
                                ("pandactl-orders", ["book", "--symbol", "FNET"]), ("pandactl-ohlc", ["--symbol", "FNET", "--interval", "1m"])] {
            let onStandby = Self.run(program, args, standby), onPrimary = Self.run(program, args, url)
            #expect(onStandby.status == 0, "\(program) \(args): \(onStandby.stderr)")
            #expect(onStandby.stdout == onPrimary.stdout, "\(program) \(args)")
        }
        // Statistics (stamped with the time they are asked) are served too.
        for (program, args) in [("pandactl", ["stats", "--symbol", "FNET"]), ("pandactl-curve", ["stats", "--symbol", "FNET"])] {
            let onStandby = Self.run(program, args, standby)
            #expect(onStandby.status == 0, "\(program) \(args): \(onStandby.stderr)")
        }
        #expect(Self.auditPasses(standby))
        let start = BusyClock.now()
        let write = Self.run("pandactl", ["transfer", "--from", "alice", "--to", "bob", "--amount", "1"], standby)
        #expect(write.status == 74)
        #expect(write.errorCodes == ["io_error"])
        #expect(write.stderr.contains("read-only"))
        #expect(BusyClock.now() - start < 5_000)
    }

    /// Writers serialise on the journal head's advisory lock: while another session holds it, a writer
    /// waits up to --busy-timeout, then exits 75 (ledger_busy) having changed nothing; readers go on.
    @Test func aWriterWaitsForTheLockThenGivesUp() throws {
        let url = Self.newLedger()
        #expect(Self.run("pandactl", ["init", "--auth", "open"], url).status == 0)
        #expect(Self.run("pandactl", ["fund", "--to", "alice", "--amount", "10"], url).status == 0)
        let holder = TempDir()
        let pidFile = holder.file("pid")
        // A session that takes the writers' lock and keeps it for 4 seconds.
        let sql = "BEGIN; SELECT pg_advisory_xact_lock(8097874982397044580); SELECT pg_sleep(4); COMMIT;"
        Harness.sh("/usr/bin/psql '\(url)' -qAtc '\(sql)' >/dev/null 2>&1 & echo $! > '\(pidFile)'")
        defer { Harness.sh("kill $(cat '\(pidFile)') 2>/dev/null") }
        Harness.sh("sleep 1")
        let start = BusyClock.now()
        let busy = Self.run("pandactl", ["transfer", "--from", "alice", "--to", "bob", "--amount", "1", "--busy-timeout", "300ms"], url)
        let waited = BusyClock.now() - start
        #expect(busy.status == 75, "\(busy.stdout) \(busy.stderr)")
        #expect(busy.errorCodes == ["ledger_busy"])
        #expect(waited >= 300)
        let reader = Self.run("pandactl", ["balance", "--account", "alice"], url)
        #expect(reader.status == 0)
        #expect(reader.records.first?["panda"] == "10")
        // With a timeout longer than the holder's, the writer gets the lock and applies.
        let patient = Self.run("pandactl", ["transfer", "--from", "alice", "--to", "bob", "--amount", "1", "--busy-timeout", "20s"], url)
        #expect(patient.status == 0, "\(patient.stderr)")
        #expect(Self.auditPasses(url))
    }
}

/// Faults on PostgreSQL (issue 17's acceptance): the client killed with SIGKILL mid-stream, and the server
/// stopped with `pg_ctl stop -m immediate` mid-stream and restarted. Each on its own server.
@Suite(.enabled(if: PostgresServer.installed, "PostgreSQL is not installed here (scripts/deps.sh installs it): the fault tests are skipped"))
struct PostgresFaults {
    /// A signed ledger (admin funds alice) and `count` transfers signed offline by alice, one nonce each.
    static func signedLedger(_ url: String, _ dir: TempDir, count: Int) -> String {
        for who in ["admin", "alice"] {
            precondition(Harness.run("pandactl-sign", ["keygen", "--out", dir.file("\(who).key"), "--plain"]).status == 0)
        }
        let admin = Harness.run("pandactl-sign", ["address", "--key", dir.file("admin.key")]).records.first?["address"]?.stringValue ?? ""
        let alice = Harness.run("pandactl-sign", ["address", "--key", dir.file("alice.key")]).records.first?["address"]?.stringValue ?? ""
        precondition(Harness.run("pandactl", ["init", "--ledger", url, "--admin-key", dir.file("admin.key"), "--chain-id", "faults"]).status == 0)
        precondition(Harness.run("pandactl", ["fund", "--ledger", url, "--key", dir.file("admin.key"), "--to", alice, "--amount", "100000"]).status == 0)
        let lines = (1...count).map { _ in #"{"op":"transfer","to":"\#(admin)","amount":"1"}"# }.joined(separator: "\n") + "\n"
        let signed = Harness.run("pandactl-sign", ["sign", "--key", dir.file("alice.key"), "--chain-id", "faults"], input: lines)
        precondition(signed.status == 0 && signed.records.count == count, signed.stderr)
        Harness.writeFile(dir.file("signed.jsonl"), Array(signed.stdout.utf8))
        return alice
    }

    /// Applies the signed input, and once `atLeast` receipts are out, runs `fault` (a shell command; $P is
    /// the client's pid). Returns the client's exit status and its output.
    static func applyWithFault(_ url: String, _ dir: TempDir, atLeast: Int, fault: String) -> (status: Int32, out: Harness.Result) {
        let out = dir.file("out.jsonl"), rc = dir.file("rc")
        // The output file exists before the client (the background job opens it when it starts).
        Harness.sh("""
            : > '\(out)'
            '\(Harness.binDir)/pandactl' --ledger '\(url)' --input '\(dir.file("signed.jsonl"))' > '\(out)' 2> '\(dir.file("err"))' & P=$!
            n=0; while kill -0 $P 2>/dev/null && [ "$(wc -l < '\(out)')" -lt \(atLeast) ] && [ $n -lt 12000 ]; do sleep 0.01; n=$((n+1)); done
            \(fault)
            wait $P; echo $? > '\(rc)'
            """)
        let status = Int32(String(decoding: Harness.readFile(rc), as: UTF8.self).split(separator: "\n").first ?? "") ?? -1
        let text = String(decoding: Harness.readFile(out), as: UTF8.self)
        return (status, Harness.Result(status: status, signal: nil, stdout: text, stderr: "", stdoutBytes: Array(text.utf8)))
    }

    /// After the fault: audit passes, every printed receipt is in the journal, and re-sending the signed
    /// input applies exactly the lines the ledger does not hold.
    static func checkRecovery(_ url: String, _ dir: TempDir, alice: String, count: Int, printed: [JSONObject]) {
        let audit = Harness.run("pandactl", ["audit", "--ledger", url])
        #expect(audit.status == 0 && audit.stdout.isEmpty, "\(audit.stdout)")
        let journal = Harness.run("pandactl", ["log", "--ledger", url]).records
        let hashes = Set(journal.compactMap { $0["hash"]?.stringValue ?? $0["tx"]?.stringValue })
        let receipts = printed.filter { $0["type"] == "receipt" }
        #expect(!receipts.isEmpty, "\(printed.count) records printed, errors \(Set(printed.compactMap { $0["code"]?.stringValue }))")
        #expect(receipts.allSatisfy { hashes.contains($0["tx"]?.stringValue ?? "-") }, "a printed receipt is not in the journal")
        let held = journal.count - 2
        #expect(held >= receipts.count)
        let resend = Harness.run("pandactl", ["--ledger", url, "--input", dir.file("signed.jsonl")])
        #expect(resend.records(ofType: "receipt").count == count - held)
        #expect(resend.errorCodes.count == held && resend.errorCodes.allSatisfy { $0 == "replayed_nonce" })
        #expect(Harness.run("pandactl", ["log", "--ledger", url]).records.count == 2 + count)
        #expect(Harness.run("pandactl", ["balance", "--ledger", url, "--account", alice]).records.first?["panda"]
                == .string(String(100000 - count)))
        let after = Harness.run("pandactl", ["audit", "--ledger", url])
        #expect(after.status == 0 && after.stdout.isEmpty, "\(after.stdout)")
    }

    /// Several hosts, simulated: 8 writer processes over TCP on localhost, each a pipeline of signed
    /// transfers to shared accounts, at once: every line applies (the advisory lock serialises them), the
    /// balances are those of a serial run (transfers commute), every receipt is in the journal, audit passes.
    @Test func eightWritersOverTCP() throws {
        let port = Int.random(in: 20_000..<30_000)
        let server = try #require(PostgresServer.start(port: port), "scripts/pg.sh start failed")
        defer { PostgresServer.stop(server) }
        let name = "hosts_\(getpid())"
        let created = Harness.run("/usr/bin/psql", ["postgresql://postgres@localhost:\(port)/postgres", "-qAtc", "CREATE DATABASE \(name)"])
        #expect(created.status == 0, "\(created.stderr)")
        let url = "postgresql://postgres@localhost:\(port)/\(name)"
        let dir = TempDir(), writers = 8, lines = 400
        #expect(Harness.run("pandactl-sign", ["keygen", "--out", dir.file("admin.key"), "--plain"]).status == 0)
        #expect(Harness.run("pandactl", ["init", "--ledger", url, "--admin-key", dir.file("admin.key"), "--chain-id", "hosts"]).status == 0)
        var senders: [String] = []
        for w in 0..<writers {
            #expect(Harness.run("pandactl-sign", ["keygen", "--out", dir.file("w\(w).key"), "--plain"]).status == 0)
            let address = Harness.run("pandactl-sign", ["address", "--key", dir.file("w\(w).key")]).records.first?["address"]?.stringValue ?? ""
            senders.append(address)
            #expect(Harness.run("pandactl", ["fund", "--ledger", url, "--key", dir.file("admin.key"), "--to", address, "--amount", "1000"]).status == 0)
        }
        // Each writer sends 0.25 to each of the other writers in turn: every account both pays and receives.
        for w in 0..<writers {
            let body = (0..<lines).map { i in #"{"op":"transfer","to":"\#(senders[(w + 1 + i % (writers - 1)) % writers])","amount":"0.25"}"# }
            let signed = Harness.run("pandactl-sign", ["sign", "--key", dir.file("w\(w).key"), "--chain-id", "hosts"], input: body.joined(separator: "\n") + "\n")
            #expect(signed.status == 0)
            Harness.writeFile(dir.file("w\(w).jsonl"), Array(signed.stdout.utf8))
        }
        let script = (0..<writers).map { w in
            "('\(Harness.binDir)/pandactl' --ledger '\(url)' --input '\(dir.file("w\(w).jsonl"))' > '\(dir.file("w\(w).out"))' 2>&1; echo $? > '\(dir.file("w\(w).rc"))') &"
        }.joined(separator: "\n") + "\nwait"
        #expect(Harness.sh(script) == 0)
        let journal = Harness.run("pandactl", ["log", "--ledger", url]).records
        let hashes = Set(journal.compactMap { $0["hash"]?.stringValue })
        for w in 0..<writers {
            #expect(String(decoding: Harness.readFile(dir.file("w\(w).rc")), as: UTF8.self) == "0\n", "writer \(w)")
            let out = String(decoding: Harness.readFile(dir.file("w\(w).out")), as: UTF8.self)
            let receipts = out.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)).objectValue }
            #expect(receipts.count == lines)
            #expect(receipts.allSatisfy { hashes.contains($0["tx"]?.stringValue ?? "-") })
        }
        #expect(journal.count == 1 + writers + writers * lines)
        // A serial run: each account pays lines × 0.25 and receives the same (each writer sends to the
        // others round-robin, so every account receives lines × 0.25 in all) — the balances stay 1000.
        for address in senders {
            #expect(Harness.run("pandactl", ["balance", "--ledger", url, "--account", address]).records.first?["panda"] == "1000")
        }
        let audit = Harness.run("pandactl", ["audit", "--ledger", url])
        #expect(audit.status == 0 && audit.stdout.isEmpty, "\(audit.stdout)")
    }

    @Test func theClientKilledMidStream() throws {
        let server = try #require(PostgresServer.start(), "scripts/pg.sh start failed")
        defer { PostgresServer.stop(server) }
        let url = PostgresServer.newDatabase(socketDirectory: server), dir = TempDir(), count = 4000
        let alice = Self.signedLedger(url, dir, count: count)
        let (status, out) = Self.applyWithFault(url, dir, atLeast: 200, fault: "kill -9 $P")
        #expect(status == 137)
        #expect(out.records.count < count, "the client finished before it was killed")
        Self.checkRecovery(url, dir, alice: alice, count: count, printed: out.records)
    }

    @Test func theServerStoppedImmediatelyMidStreamAndRestarted() throws {
        let server = try #require(PostgresServer.start(), "scripts/pg.sh start failed")
        defer { PostgresServer.stop(server) }
        let url = PostgresServer.newDatabase(socketDirectory: server), dir = TempDir(), count = 4000
        let alice = Self.signedLedger(url, dir, count: count)
        let (status, out) = Self.applyWithFault(url, dir, atLeast: 200, fault: PostgresServer.crashCommand(server))
        #expect(status == 74, "\(String(decoding: Harness.readFile(dir.file("err")), as: UTF8.self))")
        #expect(out.records.count < count, "the client finished before the server stopped")
        #expect(PostgresServer.restart(server))
        Self.checkRecovery(url, dir, alice: alice, count: count, printed: out.records)
    }
}

enum BusyClock {
    /// Monotonic milliseconds.
    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
