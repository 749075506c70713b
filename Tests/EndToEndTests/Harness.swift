#if canImport(Glibc)
import Glibc
#endif
import PandaCore
import Testing

/// Runs the built programs as a user would: real processes, real pipes and files, a real ledger
/// in a temp directory.
enum Harness {
    /// Where `swift build` put the programs (override with PANDACTL_BIN_DIR).
    static let binDir: String = {
        if let d = Environment.get("PANDACTL_BIN_DIR"), !d.isEmpty { return d }
        var root = Substring(#filePath)
        for _ in 0..<3 { root = root[..<(root.lastIndex(of: "/") ?? root.startIndex)] }
        return root + "/.build/debug"
    }()

    static let programs = ["pandactl", "pandactl-curve", "pandactl-train", "pandactl-predict", "pandactl-orders",
                           "pandactl-ohlc", "pandactl-index", "pandactl-mint", "pandactl-burn", "pandactl-sign"]


    /// `$XDG_STATE_HOME` of every program the tests run.
    static let stateHome = TempDir()

    struct Result {
        var status: Int32
        /// Set when the process died from a signal (a crash).
        var signal: Int32?
        var stdout: String
        var stderr: String
        var stdoutBytes: [UInt8]

        /// stdout parsed as JSON lines.
        var records: [JSONObject] {
            stdout.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)).objectValue }
        }
        func records(ofType type: String) -> [JSONObject] { records.filter { $0["type"]?.stringValue == type } }
        var errorCodes: [String] { records(ofType: "error").compactMap { $0["code"]?.stringValue } }
    }

    /// Runs `program args…` with `stdin` bytes (or /dev/null), in `directory`, with extra environment.
    static func run(_ program: String, _ args: [String], stdin: [UInt8]? = nil, env: [String: String] = [:]) -> Result {
        let dir = TempDir()
        let inPath = dir.file("stdin"), outPath = dir.file("stdout"), errPath = dir.file("stderr")
        writeFile(inPath, stdin ?? [])
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin == nil ? "/dev/null" : inPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let path = program.hasPrefix("/") ? program : binDir + "/" + program
        let (pid, rc) = spawn(path, args, env: env, actions: &actions)
        guard rc == 0 else { return Result(status: -1, signal: nil, stdout: "", stderr: "spawn failed: \(rc)", stdoutBytes: []) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let out = readFile(outPath), err = readFile(errPath)
        let termSig = status & 0x7f
        return Result(status: termSig == 0 ? (status >> 8) & 0xff : -1, signal: termSig == 0 ? nil : termSig,
                      stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self), stdoutBytes: out)
    }

    /// Starts `path args…` with the test environment (the built programs first on PATH, this run's
    /// XDG_STATE_HOME, `env` on top), an empty signal mask and default handlers. Returns its pid and
    /// posix_spawn's status (0 when it started).
    static func spawn(_ path: String, _ args: [String], env: [String: String] = [:], actions: inout posix_spawn_file_actions_t) -> (pid_t, Int32) {
        var environment: [String: String] = [:]
        for key in ["PATH", "HOME", "TMPDIR", "LANG"] { if let v = Environment.get(key) { environment[key] = v } }
        environment["PATH"] = binDir + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        // Keys' nonce state (pandactl-sign, edge receipts) goes to a directory of this test run, not to ~/.local/state.
        environment["XDG_STATE_HOME"] = stateHome.path
        for (k, v) in env { environment[k] = v }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + args).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        // Test runner threads block signals; a child must start with an empty mask and default handlers
        // (a shell waiting for SIGCHLD would otherwise hang).
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attr, &none)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attr, argv, envp)
        return (pid, rc)
    }

    static func run(_ program: String, _ args: [String], input: String) -> Result {
        run(program, args, stdin: Array(input.utf8))
    }

    /// Runs SQL on a ledger behind the programs' back (sqlite3 on a file, psql on a PostgreSQL URL).
    @discardableResult
    static func editLedger(_ ledger: String, _ sql: String) -> Int32 {
        ledger.hasPrefix("postgresql://") ? run("/usr/bin/psql", [ledger, "-qAtc", sql]).status : run("/usr/bin/env", ["sqlite3", ledger, sql]).status
    }

    /// Runs a shell command line (for sqlite3 edits and pipelines).
    @discardableResult
    static func sh(_ command: String) -> Int32 {
        let r = run("/bin/sh", ["-c", command])
        return r.status
    }

    static func writeFile(_ path: String, _ bytes: [UInt8]) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0)
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + off, $0.count - off) }
            precondition(n > 0)
            off += n
        }
        close(fd)
    }

    static func readFile(_ path: String) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return out
    }
}

/// A temp directory removed when released.
final class TempDir: @unchecked Sendable {
    let path: String
    init() {
        var template = Array("/tmp/pandactl-e2e.XXXXXX".utf8CString)
        path = String(cString: mkdtemp(&template)!)
    }
    deinit { _ = system("rm -rf '\(path)'") }
    func file(_ name: String) -> String { path + "/" + name }
}

/// The engine the suite's ledgers live on: SQLite files (the default), or, with
/// PANDACTL_TEST_ENGINE=postgresql, one fresh database per ledger on the server whose socket directory
/// is PANDA_PG_DIR (`scripts/pg.sh run` starts one and sets it; `make e2e-pg` does both).
enum TestEngine {
    static let postgresDir: String? = {
        guard Environment.get("PANDACTL_TEST_ENGINE") == "postgresql" else { return nil }
        guard let dir = Environment.get("PANDA_PG_DIR"), !dir.isEmpty else {
            fatalError("PANDACTL_TEST_ENGINE=postgresql needs PANDA_PG_DIR (run the suite under scripts/pg.sh run)")
        }
        return dir
    }()

    static var isPostgres: Bool { postgresDir != nil }

    /// A new ledger location: `dir/name` on SQLite, the URL of a new empty database on PostgreSQL.
    static func ledger(in dir: TempDir, _ name: String) -> String {
        guard let server = postgresDir else { return dir.file(name) }
        return PostgresServer.newDatabase(socketDirectory: server)
    }
}

/// Databases and servers for the PostgreSQL tests (psql and the server's programs, as scripts/pg.sh runs them).
enum PostgresServer {
    /// The URL of database `name` on the server listening in `socketDirectory`.
    static func url(_ socketDirectory: String, _ name: String) -> String {
        "postgresql:///\(name)?host=\(socketDirectory)&user=postgres"
    }

    /// The database a `url(_:_:)` names.
    static func databaseName(_ url: String) -> String {
        String(url.dropFirst("postgresql:///".count).prefix { $0 != "?" })
    }

    /// Creates an empty database with a unique name and returns its URL.
    static func newDatabase(socketDirectory: String) -> String {
        let name = "e2e_\(getpid())_\(UInt64.random(in: 0...UInt64.max))"
        let r = Harness.run("/usr/bin/psql", [url(socketDirectory, "postgres"), "-qAtc", "CREATE DATABASE \(name)"])
        precondition(r.status == 0, "cannot create database \(name): \(r.stderr)")
        return url(socketDirectory, name)
    }

    /// Whether scripts/pg.sh can start a server here (PostgreSQL installed).
    static var installed: Bool {
        Harness.sh("ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1") == 0
    }

    static let script: String = {
        var root = Substring(#filePath)
        for _ in 0..<3 { root = root[..<(root.lastIndex(of: "/") ?? root.startIndex)] }
        return root + "/scripts/pg.sh"
    }()

    /// Starts a throw-away server (also on localhost:`port` over TCP when given); returns its socket directory.
    static func start(port: Int? = nil) -> String? {
        let r = Harness.run("/bin/bash", [script, "start"], env: port.map { ["PG_PORT": String($0)] } ?? [:])
        guard r.status == 0 else { return nil }
        return r.stdout.split(separator: "\n").last.map(String.init)
    }

    /// Starts a streaming replica (hot standby) of the server in `primary`; returns its socket directory.
    static func startReplica(of primary: String) -> String? {
        let r = Harness.run("/bin/bash", [script, "replica", primary])
        guard r.status == 0 else { return nil }
        return r.stdout.split(separator: "\n").last.map(String.init)
    }

    /// `pg_ctl stop -m immediate`, as a crash would; `restart` starts it again.
    static func crashCommand(_ socketDirectory: String) -> String { "bash '\(script)' crash '\(socketDirectory)'" }
    static func restart(_ socketDirectory: String) -> Bool { Harness.run("/bin/bash", [script, "restart", socketDirectory]).status == 0 }

    static func stop(_ socketDirectory: String) {
        _ = Harness.run("/bin/bash", [script, "stop", socketDirectory])
    }
}

/// A fresh open ledger with funded accounts, and a way to see that a ledger did not change.
struct LedgerFixture {
    let dir = TempDir()
    let path: String

    init(funding: [(String, String)] = [("alice", "100")]) {
        path = TestEngine.ledger(in: dir, "panda.db")
        let r = Harness.run("pandactl", ["init", "--auth", "open", "--ledger", path, "--chain-id", "e2e"])
        precondition(r.status == 0, r.stderr)
        for (who, amount) in funding {
            let f = Harness.run("pandactl", ["fund", "--ledger", path, "--to", who, "--amount", amount])
            precondition(f.status == 0, f.stderr)
        }
    }

    func pandactl(_ args: [String], input: String? = nil) -> Harness.Result {
        Harness.run("pandactl", args + ["--ledger", path], stdin: input.map { Array($0.utf8) })
    }

    /// The journal and balances: equal snapshots mean nothing changed.
    func snapshot() -> String {
        Harness.run("pandactl", ["log", "--ledger", path]).stdout + Harness.run("pandactl", ["accounts", "--ledger", path]).stdout
    }

    func auditPasses() -> Bool {
        let r = Harness.run("pandactl", ["audit", "--ledger", path])
        return r.status == 0 && r.stdout.isEmpty
    }
}
