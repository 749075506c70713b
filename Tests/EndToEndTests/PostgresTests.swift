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
    /// byte for byte with their types (the journal included, hash for hash) under the same schema, each copy audits clean, and a target that holds a ledger is
    /// refused (74) and left as it was.
    @Test func copyMovesALedgerToPostgresAndBack() throws {
        let dir = TempDir()
        let original = dir.file("original.db")
        #expect(Self.run("pandactl", ["init", "--auth", "open", "--chain-id", "copy"], original).status == 0)
        #expect(Self.run("pandactl", ["fund", "--to", "alice", "--amount", "1000"], original).status == 0)
        #expect(Self.run("pandactl-curve", ["create", "--symbol", "FNET", "--from", "alice"], original).status == 0)
        #expect(Self.run("pandactl-curve", ["buy", "--symbol", "FNET", "--amount", "300", "--from", "alice"], original).status == 0)
        #expect(Self.run("pandactl-orders", ["place", "--symbol", "FNET", "--side", "sell", "--price", "2", "--amount", "10", "--from", "alice"], original).status == 0)
        #expect(Self.run("pandactl-orders", ["place", "--symbol", "FNET", "--side", "buy", "--price", "2", "--amount", "4", "--from", "bob"], original).status != 0)
        #expect(Self.run("pandactl", ["fund", "--to", "bob", "--amount", "50"], original).status == 0)
        #expect(Self.run("pandactl-orders", ["place", "--symbol", "FNET", "--side", "buy", "--price", "2", "--amount", "4", "--from", "bob"], original).status == 0)
        #expect(Self.run("pandactl-train", ["--symbol", "FNET", "--from", "alice"], original, input: ModelEndToEnd.rows(50)).status == 0)
        #expect(Self.run("pandactl-predict", ["run", "--symbol", "FNET", "--features", "[1,2,3]", "--from", "bob"], original).status == 0)
        #expect(Self.run("pandactl-index", ["create", "--name", "AI1", "--weights", #"{"FNET":1}"#, "--from", "alice"], original).status == 0)
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
            // Every value quoted with its type (text 'x', integers bare, blobs X'..'), rows in key order: the
            // bytes of each table, apart from SQLite's physical row order, which no copy through another engine keeps.
            func rows(_ db: String) -> [Substring] {
                Harness.run("/usr/bin/env", ["sqlite3", "-quote", db, "SELECT * FROM \"\(table)\""]).stdout.split(separator: "\n").sorted()
            }
            #expect(rows(back) == rows(original), "\(table)")
        }
        let schema = { (db: String) in Harness.run("/usr/bin/env", ["sqlite3", db, ".schema"]).stdout }
        #expect(schema(back) == schema(original))
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
        let name = PostgresServer.databaseName(url)
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

    /// A deadlock with another session (SQLSTATE 40P01): the engine gives the writer's transaction up, and
    /// the writer runs it again at once, within --busy-timeout, printing each line's record once — a
    /// single request and a stream alike. Without the retry the writer exits 75 (mutation-checked).
    /// The cycle: session T holds the journal table and S bob's row; the writer takes the advisory lock and
    /// waits for T; S waits for the advisory lock; T ends, the writer reaches bob's row and closes the cycle;
    /// its deadlock timeout (200 ms for this database, 60 s for S) makes it the victim.
    @Test func aTransactionGivenUpInADeadlockRunsAgain() throws {
        let url = Self.newLedger()
        let name = PostgresServer.databaseName(url)
        #expect(Self.run("pandactl", ["init", "--auth", "open"], url).status == 0)
        #expect(Self.run("pandactl", ["fund", "--to", "alice", "--amount", "10"], url).status == 0)
        #expect(Self.run("pandactl", ["fund", "--to", "bob", "--amount", "10"], url).status == 0)
        #expect(Harness.run("/usr/bin/psql", [url, "-qAtc", "ALTER DATABASE \(name) SET deadlock_timeout = '200ms'"]).status == 0)
        let dir = TempDir()
        Harness.writeFile(dir.file("lines.jsonl"), Array("""
            {"op":"transfer","from":"alice","to":"carol","amount":"1"}
            {"op":"transfer",
            {"op":"transfer","from":"alice","to":"bob","amount":"2"}

            """.utf8))
        for (i, args) in [["transfer", "--from", "alice", "--to", "bob", "--amount", "1"], ["--input", dir.file("lines.jsonl")]].enumerated() {
            // Each step waits for the one before it (pg_locks), so the order holds on a loaded machine.
            func until(_ condition: String) -> String {
                "DO \\$\\$ BEGIN FOR i IN 1..400 LOOP EXIT WHEN \(condition); PERFORM pg_sleep(0.05); END LOOP; END \\$\\$"  // in "…" for sh
            }
            // (Locks of this database only: other tests' writers share the server.)
            let here = "database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            let writerHoldsTheLock = "EXISTS (SELECT 1 FROM pg_locks WHERE \(here) AND locktype = 'advisory' AND granted)"
            let sWaitsForIt = "EXISTS (SELECT 1 FROM pg_locks WHERE \(here) AND locktype = 'advisory' AND NOT granted)"
            let tAndSHoldTheirs = "(SELECT count(*) FROM pg_locks WHERE \(here) AND ((relation = (SELECT oid FROM pg_class WHERE relname = 'journal') AND mode = 'AccessExclusiveLock') OR (relation = (SELECT oid FROM pg_class WHERE relname = 'accounts') AND mode = 'RowShareLock'))) = 2"
            let sessions = """
                psql '\(url)' -qAt -c BEGIN -c 'LOCK TABLE journal IN ACCESS EXCLUSIVE MODE' -c "\(until(sWaitsForIt))" -c COMMIT > /dev/null 2>&1 &
                (psql '\(url)' -qAt -v ON_ERROR_STOP=1 -c BEGIN -c "SET LOCAL deadlock_timeout = '60s'" \\
                  -c "SELECT 1 FROM accounts WHERE account = 'bob' FOR UPDATE" -c "\(until(writerHoldsTheLock))" \\
                  -c 'SELECT pg_advisory_xact_lock(8097874982397044580)' -c COMMIT > /dev/null 2> '\(dir.file("s\(i).err"))'; echo $? > '\(dir.file("s\(i).rc"))') &
                psql '\(url)' -qAt -c "\(until(tAndSHoldTheirs))"
                '\(Harness.binDir)/pandactl' --ledger '\(url)' --busy-timeout 20s \(args.map { "'\($0)'" }.joined(separator: " ")) > '\(dir.file("out\(i)"))' 2>/dev/null
                echo $? > '\(dir.file("rc\(i)"))'
                wait
                """
            _ = Harness.sh(sessions)
            let status = String(decoding: Harness.readFile(dir.file("rc\(i)")), as: UTF8.self)
            let out = String(decoding: Harness.readFile(dir.file("out\(i)")), as: UTF8.self)
            let records = out.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)).objectValue }
            // S, which waited for the writer's lock, was not the victim: the writer was, and ran again.
            #expect(String(decoding: Harness.readFile(dir.file("s\(i).rc")), as: UTF8.self) == "0\n",
                    "S: \(String(decoding: Harness.readFile(dir.file("s\(i).err")), as: UTF8.self))")
            if i == 0 {
                #expect(status == "0\n", "\(out)")
                #expect(records.map { $0["type"] } == ["receipt"])
            } else {
                #expect(status == "1\n", "\(out)")
                #expect(records.map { $0["type"] } == ["receipt", "error", "receipt"])
                #expect(records.map { $0["line"] } == [nil, 2, nil])
            }
        }
        let log = String(decoding: Harness.readFile((TestEngine.postgresDir ?? Self.server) + "/server.log"), as: UTF8.self)
        #expect(log.components(separatedBy: "deadlock detected").count - 1 >= 2)
        #expect(Self.run("pandactl", ["balance", "--account", "bob"], url).records.first?["panda"] == "13")
        #expect(Self.run("pandactl", ["balance", "--account", "alice"], url).records.first?["panda"] == "6")
        #expect(Self.run("pandactl", ["log"], url).records.count == 6)
        #expect(Self.auditPasses(url))
    }

    /// Writes sent ahead without waiting (journal rows, rows written back at the commit: PostgreSQL's pipeline)
    /// are settled before the next statement, savepoint or commit: one the server refuses takes its whole
    /// transaction back, with the server's error, whether it surfaces at the commit (a short stream), at a
    /// read in a later request (a long one) or when a batch of sends is full (1,024: a later read is then
    /// refused as "transaction aborted", and reports the write's error instead), and nothing of the
    /// transaction stays or is printed as applied.
    @Test func aWriteSentAheadThatFailsTakesItsTransactionBack() throws {
        let dir = TempDir()
        for (n, table, column) in [(10, "journal", "seq"), (400, "journal", "seq"), (1200, "journal", "seq"), (10, "accounts", "account")] {
            let url = Self.newLedger()
            #expect(Self.run("pandactl", ["init", "--auth", "open"], url).status == 0)
            #expect(Self.run("pandactl", ["fund", "--to", "alice", "--amount", "10000"], url).status == 0)
            #expect(Self.run("pandactl", ["fund", "--to", "bob", "--amount", "1"], url).status == 0)
            let head = try #require(Self.run("pandactl", ["log"], url).records.last?["seq"]?.numberValue?.int64Value)
            // The server refuses the journal row of the stream's fifth request, or the write-back of bob's balance.
            let refused = column == "seq" ? "NEW.seq = \(head + 5)" : "NEW.account = 'bob' AND TG_OP = 'UPDATE'"
            let trigger = """
                CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN IF \(refused) THEN RAISE EXCEPTION 'refused by the test'; END IF; \
                RETURN NEW; END $$ LANGUAGE plpgsql; CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON \(table) FOR EACH ROW EXECUTE FUNCTION refuse();
                """
            #expect(Harness.run("/usr/bin/psql", [url, "-qAt", "-v", "ON_ERROR_STOP=1", "-c", trigger]).status == 0)
            let before = Self.run("pandactl", ["log"], url).stdout
            // A long stream ends with a transfer to a new account: its read settles what was sent before it.
            let lines = (0..<n).map { _ in #"{"op":"transfer","from":"alice","to":"bob","amount":"1"}"# }
                + (n > 100 ? [#"{"op":"transfer","from":"alice","to":"zed","amount":"1"}"#] : [])
            Harness.writeFile(dir.file("lines\(n)"), Array((lines.joined(separator: "\n") + "\n").utf8))
            let r = Self.run("pandactl", ["--input", dir.file("lines\(n)")], url)
            #expect(r.status == 70, "\(n) \(table): \(r.stdout) \(r.stderr)")
            #expect(r.records(ofType: "receipt").isEmpty, "\(n) \(table): \(r.stdout)")
            #expect(r.errorCodes == ["internal_error"], "\(n) \(table): \(r.stdout)")
            #expect(r.stdout.contains("refused by the test"), "\(n) \(table): \(r.stdout)")
            #expect(r.stdout.contains("(lines 1-\(lines.count) were not applied)"), "\(n) \(table): \(r.stdout)")
            #expect(Self.run("pandactl", ["log"], url).stdout == before)
            #expect(Self.run("pandactl", ["balance", "--account", "bob"], url).records.first?["panda"] == "1")
            #expect(Self.auditPasses(url))
            // Without the trigger, the same stream applies whole.
            #expect(Harness.run("/usr/bin/psql", [url, "-qAtc", "DROP TRIGGER refuse ON \(table)"]).status == 0)
            let again = Self.run("pandactl", ["--input", dir.file("lines\(n)")], url)
            #expect(again.status == 0, "\(again.stdout) \(again.stderr)")
            #expect(again.records(ofType: "receipt").count == lines.count)
            #expect(Self.run("pandactl", ["balance", "--account", "bob"], url).records.first?["panda"] == .string("\(n + 1)"))
            #expect(Self.auditPasses(url))
        }
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

    /// Several hosts, simulated (issue 17's acceptance): 8 writer processes over TCP on localhost, all
    /// signed, two of each kind — transfers among the writers, curve buys and sells, resting orders on a
    /// book, paid predictions — at once, while readers query a streaming replica. Every line applies, every
    /// printed receipt is in the journal, audit passes, the replica serves the same answers once caught up,
    /// and the final state equals that of a serial run of the same signed lines on a second ledger (each
    /// writer's model is its own, so only transfers interleave, and they commute).
    @Test func eightWritersOfEveryKindOverTCPWithReadersOnAReplica() throws {
        let port = Int.random(in: 20_000..<30_000)
        let server = try #require(PostgresServer.start(port: port), "scripts/pg.sh start failed")
        defer { PostgresServer.stop(server) }
        let tcp = "postgresql://postgres@localhost:\(port)"
        let names = ["hosts_\(getpid())", "serial_\(getpid())"]
        for name in names {
            let created = Harness.run("/usr/bin/psql", ["\(tcp)/postgres", "-qAtc", "CREATE DATABASE \(name)"])
            #expect(created.status == 0, "\(created.stderr)")
        }
        let replica = try #require(PostgresServer.startReplica(of: server), "scripts/pg.sh replica failed")
        defer { PostgresServer.stop(replica) }
        let (concurrent, serial) = ("\(tcp)/\(names[0])", "\(tcp)/\(names[1])")
        let standby = PostgresServer.url(replica, names[0])
        let dir = TempDir(), lines = 120
        var address: [String] = []
        for who in ["admin"] + (0..<8).map({ "w\($0)" }) {
            #expect(Harness.run("pandactl-sign", ["keygen", "--out", dir.file("\(who).key"), "--plain"]).status == 0)
            address.append(Harness.run("pandactl-sign", ["address", "--key", dir.file("\(who).key")]).records.first?["address"]?.stringValue ?? "")
        }
        let writers = Array(address.dropFirst())
        // Writer w's kind: 0-1 transfers, 2-3 curve trades, 4-5 orders, 6-7 predictions; its model is M<w>.
        let program = ["pandactl", "pandactl", "pandactl-curve", "pandactl-curve", "pandactl-orders", "pandactl-orders",
                       "pandactl-predict", "pandactl-predict"]
        let rows = ModelEndToEnd.rows(200)
        func setUp(_ url: String) {
            func ok(_ p: String, _ args: [String], input: String? = nil) {
                let r = Harness.run(p, args + ["--ledger", url], stdin: input.map { Array($0.utf8) })
                #expect(r.status == 0, "\(p) \(args): \(r.stderr)")
            }
            ok("pandactl", ["init", "--admin-key", dir.file("admin.key"), "--chain-id", "hosts"])
            for a in writers { ok("pandactl", ["fund", "--key", dir.file("admin.key"), "--to", a, "--amount", "100000"]) }
            for w in 2..<8 {
                ok("pandactl-curve", ["create", "--key", dir.file("w\(w).key"), "--symbol", "M\(w)", "--inference-fee", "0.01"])
            }
            for w in 4..<8 { ok("pandactl-curve", ["buy", "--key", dir.file("w\(w).key"), "--symbol", "M\(w)", "--amount", "300"]) }
            for w in 6..<8 { ok("pandactl-train", ["--key", dir.file("w\(w).key"), "--symbol", "M\(w)"], input: rows) }
        }
        setUp(concurrent)
        setUp(serial)
        for w in 0..<8 {
            let body: [String] = (0..<lines).map { i in
                switch w {
                case 0, 1: return #"{"op":"transfer","to":"\#(writers[(w + 1 + i % 7) % 8])","amount":"0.25"}"#
                case 2, 3: return i % 3 == 2 ? #"{"op":"sell","symbol":"M\#(w)","amount":2}"# : #"{"op":"buy","symbol":"M\#(w)","amount":\#(1 + i % 4)}"#
                case 4, 5: return i % 2 == 0 ? #"{"op":"place","symbol":"M\#(w)","side":"sell","price":"\#(10 + i % 40)","amount":1}"#
                                             : #"{"op":"place","symbol":"M\#(w)","side":"buy","price":"0.00\#(1 + i % 9)","amount":2}"#
                default: return #"{"op":"run","symbol":"M\#(w)","features":[\#(i % 5),\#(i % 3).5,-1]}"#
                }
            }
            let signed = Harness.run("pandactl-sign", ["sign", "--key", dir.file("w\(w).key"), "--chain-id", "hosts"], input: body.joined(separator: "\n") + "\n")
            #expect(signed.status == 0 && signed.records.count == lines, "\(signed.stderr)")
            Harness.writeFile(dir.file("w\(w).jsonl"), Array(signed.stdout.utf8))
        }
        // Readers on the standby while the writers run: each query answers (0), none waits on the writers.
        let readers = """
            n=0; bad=0
            while [ ! -e '\(dir.file("done"))' ]; do
              for q in "pandactl log --limit 3" "pandactl balance --account \(writers[0])" "pandactl-orders book --symbol M4" "pandactl-curve price --symbol M2"; do
                '\(Harness.binDir)/'$q --ledger '\(standby)' > /dev/null 2>> '\(dir.file("readers.err")))' || bad=$((bad + 1)); n=$((n + 1))
              done
            done
            echo "$n $bad" > '\(dir.file("readers"))'
            """
        let script = "(\(readers)) &\nR=$!\n" + (0..<8).map { w in
            "('\(Harness.binDir)/\(program[w])' --ledger '\(concurrent)' --input '\(dir.file("w\(w).jsonl"))' > '\(dir.file("w\(w).out"))' 2>&1; echo $? > '\(dir.file("w\(w).rc"))') &"
        }.joined(separator: "\n") + "\nwhile [ \"$(ls '\(dir.path)'/w*.rc 2>/dev/null | wc -l)\" -lt 8 ]; do sleep 0.05; done\ntouch '\(dir.file("done"))'; wait"
        #expect(Harness.sh(script) == 0)
        let journal = Harness.run("pandactl", ["log", "--ledger", concurrent]).records
        let hashes = Set(journal.compactMap { $0["hash"]?.stringValue })
        for w in 0..<8 {
            #expect(String(decoding: Harness.readFile(dir.file("w\(w).rc")), as: UTF8.self) == "0\n", "writer \(w)")
            let out = String(decoding: Harness.readFile(dir.file("w\(w).out")), as: UTF8.self)
            let records = out.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)).objectValue }
            #expect(records.count == lines, "writer \(w): \(records.first { $0["type"] == "error" }.map { JSONWriter.string(.object($0)) } ?? "")")
            #expect(records.allSatisfy { hashes.contains($0["tx"]?.stringValue ?? "-") }, "writer \(w): a printed record is not in the journal")
        }
        let read = String(decoding: Harness.readFile(dir.file("readers")), as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
        #expect(read.count == 2 && read[0] >= 4 && read[1] == 0, "readers on the standby: \(read) \(String(decoding: Harness.readFile(dir.file("readers.err")), as: UTF8.self).prefix(400))")
        // The serial run: the same signed lines, one writer after another.
        for w in 0..<8 {
            let r = Harness.run(program[w], ["--ledger", serial, "--input", dir.file("w\(w).jsonl")])
            #expect(r.status == 0 && r.records.count == lines, "serial writer \(w): \(r.stderr)")
        }
        // The state, as the read-only programs show it, without what names a moment or a journal position.
        func state(_ url: String) -> [String] {
            var queries: [(String, [String])] = writers.map { ("pandactl", ["balance", "--account", $0]) }
            queries += [("pandactl", ["accounts"]), ("pandactl-curve", ["list"])]
            queries += (2..<8).flatMap { w in [("pandactl-curve", ["stats", "--symbol", "M\(w)"]), ("pandactl-orders", ["book", "--symbol", "M\(w)"]),
                                             ("pandactl-orders", ["orders", "--symbol", "M\(w)"])] }
            return queries.flatMap { q in
                Harness.run(q.0, q.1 + ["--ledger", url]).records.map { r in
                    var r = r
                    for key in ["ts", "seq", "tx", "order_id", "created_seq", "at", "since", "trained_at", "updated_at", "last_trade_at"] { r[key] = nil }
                    return "\(q.0) \(q.1.joined(separator: " ")): " + JSONWriter.string(.object(r), sortedKeys: true)
                }
            }
        }
        let (a, b) = (state(concurrent), state(serial))
        #expect(a.count > 30)
        for (x, y) in zip(a, b) where x != y { Issue.record("concurrent vs serial:\n  \(x)\n  \(y)") }
        #expect(a.count == b.count)
        #expect(Self.audit(concurrent) && Self.audit(serial))
        // Once caught up, the standby answers as the primary does.
        var caughtUp = false
        for _ in 0..<100 where !caughtUp {
            caughtUp = Harness.run("pandactl", ["log", "--ledger", standby]).records.count == journal.count
            if !caughtUp { usleep(100_000) }
        }
        #expect(caughtUp)
        #expect(Harness.run("pandactl-orders", ["book", "--symbol", "M5", "--ledger", standby]).stdout
                == Harness.run("pandactl-orders", ["book", "--symbol", "M5", "--ledger", concurrent]).stdout)
    }

    static func audit(_ url: String) -> Bool {
        let r = Harness.run("pandactl", ["audit", "--ledger", url])
        return r.status == 0 && r.stdout.isEmpty
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
