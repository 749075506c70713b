#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ArgumentParser
import PandaCore
import PandaCrypto
import PandaLedger

/// The operations `pandactl` takes as JSON lines.
let pandactlOperations: [Operation] = [CoreOperations.fund, CoreOperations.transfer, CoreOperations.balance, CoreOperations.accounts, StatsOperations.stats,
                                       CoreOperations.void]

/// Set by SIGINT/SIGTERM while `pandactl log --follow` runs (a signal handler may only touch such a flag).
nonisolated(unsafe) var followStop: sig_atomic_t = 0

/// `pandactl`: the front door and ledger administration.
public struct PandactlCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pandactl",
        abstract: "Tokenized ML models on one ledger (SQLite or PostgreSQL): the front door and ledger administration.",
        discussion: Help.discussion(
            """
            pandactl creates and administers the ledger that every pandactl program shares: PANDA accounts, \
            the hash-chained journal, audits and backups. 'pandactl NAME ...' runs the program pandactl-NAME \
            found beside pandactl or on PATH (curve, train, predict, orders, ohlc, index, mint, burn, sign). \
            With no verb and stdin not a terminal, it applies the JSON-line requests on stdin (ops: \
            fund, transfer, balance, accounts).
            """,
            examples: [
                ("Create an open ledger and fund an account", "pandactl init --auth open --ledger demo.db && pandactl fund --ledger demo.db --to alice --amount 100"),
                ("Apply transfers from a file, one JSON object per line", "pandactl transfer - --ledger demo.db < transfers.jsonl"),
                ("Balances with jq", "pandactl accounts --ledger demo.db | jq -r '.account + \" \" + .panda'"),
                ("Check the ledger from cron (silent when all holds)", "pandactl audit --ledger /var/lib/panda/panda.db || mail -s 'ledger audit failed' ops"),
                ("Nightly, verify only what is new since the last checkpoint", "pandactl audit --incremental --ledger /var/lib/panda/panda.db || mail -s 'ledger audit failed' ops"),
                ("Run another program through the front door", "pandactl curve --help"),
            ],
            errors: [.malformed_json, .invalid_request, .missing_field, .unknown_field, .unknown_op, .invalid_amount, .invalid_account,
                     .line_too_long, .unknown_account, .insufficient_funds, .self_transfer, .overflow, .ts_not_allowed, .invalid_ts,
                     .not_authorized, .bad_signature, .replayed_nonce, .wrong_chain, .invalid_key, .bad_passphrase, .bad_keystore,
                     .key_file_permissions, .signing_unavailable, .ledger_missing,
                     .ledger_corrupt, .ledger_too_new, .ledger_busy, .file_exists, .io_error, .bad_backup, .audit_failed, .not_available,
                     .internal_error]),
        subcommands: [Init.self, Fund.self, Transfer.self, Balance.self, Accounts.self, Log.self, Audit.self, Stats.self,
                      BackupCommand.self, RestoreCommand.self, CopyCommand.self, VersionCommand.self,
                      VoidVerb.self])

    @OptionGroup public var common: CommonOptions

    public init() {}

    public func run() throws {
        try Runtime(program: "pandactl", operations: pandactlOperations, common: common).runStdinOrHelp(PandactlCommand.helpMessage())
    }

    // MARK: Verbs

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a new ledger (never overwrites an existing file).",
            discussion: """
                Creates the ledger file in WAL mode and writes journal entry 1, which records the chain id, the auth \
                mode and the admin. 'signed' ledgers (the default) accept only requests signed by their sender; \
                'open' ledgers trust 'from' (single-user and test ledgers), and a request without 'from' acts as \
                the admin. Prints a receipt with the ledger path, chain id and admin.
                """)
        @OptionGroup var ledger: LedgerOptions
        @Option(help: ArgumentHelp("open or signed (default: signed).", valueName: "mode")) var auth: String = "signed"
        @Option(help: ArgumentHelp("The admin account: a 0x address, or a name on open ledgers (default on open ledgers: admin).", valueName: "account")) var admin: String?
        @Option(name: .customLong("admin-key"), help: ArgumentHelp("Take the admin address from this key file.", valueName: "file")) var adminKey: String?
        @Option(name: .customLong("passphrase-file"), help: ArgumentHelp("Passphrase of an encrypted --admin-key (default: $PANDA_PASSPHRASE).", valueName: "file")) var passphraseFile: String?
        @Option(name: .customLong("chain-id"), help: ArgumentHelp("The chain id requests must carry (default: random).", valueName: "id")) var chainID: String?
        @Option(help: ArgumentHelp("Output format: jsonl or table.", valueName: "format")) var format: OutputFormat = .jsonl

        func run() throws {
            let sink = RecordSink(program: "pandactl", format: format)
            defer { sink.finish() }
            func fail(_ e: PandaError) -> ExitCode { sink.emitError(e, line: nil, request: nil); return ExitCode(e.code.exitStatus.rawValue) }
            guard let mode = AuthMode(rawValue: auth) else { throw ValidationError("--auth must be open or signed, not '\(auth)'") }
            let adminAccount: String
            if let adminKey {
                guard admin == nil else { throw ValidationError("give --admin or --admin-key, not both") }
                do { adminAccount = try KeyFile.load(path: adminKey, passphrase: try KeyFile.passphrase(file: passphraseFile)).address } catch {
                    throw fail(error)
                }
            } else {
                do {
                    adminAccount = try AccountID.parse(admin ?? (mode == .open ? "admin" : ""), allowNames: mode == .open, field: "admin")
                } catch {
                    if admin == nil { throw ValidationError("a signed ledger needs --admin 0xADDRESS or --admin-key FILE (or --auth open)") }
                    throw fail(error)
                }
            }
            let chain = chainID ?? "panda-" + randomHex(bytes: 6)
            guard !chain.isEmpty, chain.utf8.count <= 128 else { throw ValidationError("--chain-id must be 1 to 128 characters") }
            do {
                let (_, receipt) = try Ledger.create(path: ledger.path, auth: mode, admin: adminAccount, chainID: chain)
                var record = JSONObject()
                record.appendUnique("type", "receipt")
                for (k, v) in receipt { record[k] = v }
                sink.emit(record)
                sink.flush()
            } catch {
                throw fail(error)
            }
        }
    }

    struct Fund: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue PANDA to an account (admin only).",
            discussion: "Credits 'amount' PANDA to 'to', creating the account. The receipt carries the balance after.")
        @Option(help: ArgumentHelp("The account to fund.", valueName: "account")) var to: String?
        @Option(help: ArgumentHelp("PANDA to issue, e.g. 100 or 0.25.", valueName: "amount")) var amount: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try Runtime(program: "pandactl", operations: pandactlOperations, common: common)
                .runVerb(op: "fund", defaults: defaults(["to": to, "amount": amount]), stream: input.isSet)
        }
    }

    struct Transfer: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move PANDA from the sender to another account.",
            discussion: "Moves 'amount' PANDA from 'from' (the sender) to 'to', creating 'to'. The receipt carries both balances after.")
        @Option(help: ArgumentHelp("The recipient.", valueName: "account")) var to: String?
        @Option(help: ArgumentHelp("PANDA to move, e.g. 5.25.", valueName: "amount")) var amount: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try Runtime(program: "pandactl", operations: pandactlOperations, common: common)
                .runVerb(op: "transfer", defaults: defaults(["to": to, "amount": amount]), stream: input.isSet)
        }
    }

    struct Balance: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show an account's PANDA, tokens, locked tokens and owed dividends.",
            discussion: "Prints {\"panda\": ..., \"tokens\":{SYM: n}, \"locked\":{SYM: n}, \"owed\":{SYM: ...}} for 'account' (default: the sender).")
        @Option(help: ArgumentHelp("The account (default: the sender).", valueName: "account")) var account: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try Runtime(program: "pandactl", operations: pandactlOperations, common: common)
                .runVerb(op: "balance", defaults: defaults(["account": account]), stream: input.isSet)
        }
    }

    struct Accounts: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List accounts and their PANDA, one 'account' record each.")
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try Runtime(program: "pandactl", operations: pandactlOperations, common: common)
                .runVerb(op: "accounts", defaults: JSONObject(), stream: input.isSet)
        }
    }

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the journal as 'entry' records; with --follow, keep printing new entries as they commit.",
            discussion: """
                Each entry: seq, ts, op, sender, request, result, prev_hash and hash (keccak256 of prev_hash and the \
                entry). --op keeps the entries of those operations (repeatable; 'buy' matches curve.buy, or give the \
                full 'curve.buy'). --follow prints the entries after --since, then each new entry once, in sequence \
                order, within a moment of its commit (the ledger is polled every \(Log.pollMilliseconds) ms, however \
                many processes write), like tail -f; it runs until SIGINT or SIGTERM, or until its output is closed \
                (pandactl log --follow | head -3 ends when head does), and then exits with status 0.
                """)
        /// How often --follow looks for new entries.
        static let pollMilliseconds: Int32 = 50

        @Option(help: ArgumentHelp("Only entries after this sequence number.", valueName: "seq")) var since: Int64 = 0
        @Option(help: ArgumentHelp("At most this many entries.", valueName: "n")) var limit: Int?
        @Option(help: ArgumentHelp("Only entries of this operation (repeatable), e.g. buy or curve.buy.", valueName: "op")) var op: [String] = []
        @Flag(help: "Keep running and print new entries as they commit (like tail -f).") var follow = false
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        func matches(_ entryOp: String) -> Bool {
            if op.isEmpty { return true }
            let short = entryOp.split(separator: ".").last.map(String.init) ?? entryOp
            return op.contains(entryOp) || op.contains(short)
        }

        func run() throws {
            let sink = RecordSink(program: "pandactl", format: output.format)
            defer { sink.finish() }
            do {
                let l = try Ledger.open(path: ledger.path, readOnly: true, busyTimeout: try ledger.busyTimeoutMilliseconds())
                if follow { return try followJournal(l, sink) }
                var n = 0
                var after = since
                // The limit counts printed entries, so read in pages when filtering by op.
                while limit.map({ n < $0 }) ?? true {
                    var read = 0
                    try l.journal(after: after, limit: op.isEmpty ? limit.map { $0 - n } : 1000) { entry in
                        read += 1
                        after = entry.seq
                        guard matches(entry.op), limit.map({ n < $0 }) ?? true else { return }
                        sink.emit(entry.record)
                        n += 1
                        if n % 1000 == 0 { sink.flush() }
                    }
                    if op.isEmpty || read == 0 { break }
                }
            } catch let e as PandaError {
                sink.emitError(e, line: nil, request: nil)
                throw ExitCode(e.code.exitStatus.rawValue)
            }
        }

        /// Polls the journal for entries after the last one printed. Each poll waits on stdout with
        /// poll(2), so a reader that goes away (POLLERR on a pipe) ends the follower at once, even when
        /// nothing new is written; SIGINT and SIGTERM end it between polls.
        func followJournal(_ l: Ledger, _ sink: RecordSink) throws {
            signal(SIGPIPE, SIG_IGN)  // a closed pipe shows as EPIPE, which ends the follower with status 0
            sink.closedPipeIsSuccess = true
            followStop = 0
            signal(SIGINT) { _ in followStop = 1 }
            signal(SIGTERM) { _ in followStop = 1 }
            var after = since
            var printed = 0
            while followStop == 0 {
                try l.journal(after: after) { entry in
                    after = entry.seq
                    guard matches(entry.op), limit.map({ printed < $0 }) ?? true else { return }
                    sink.emit(entry.record)
                    printed += 1
                }
                sink.flush()
                if let limit, printed >= limit { return }
                var p = pollfd(fd: 1, events: 0, revents: 0)
                if poll(&p, 1, Log.pollMilliseconds) > 0 && p.revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 {
                    return  // the reader is gone
                }
            }
        }
    }

    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify the journal's hash chain, replay it, and check every ledger invariant.",
            discussion: """
                Silent with exit status 0 when everything holds. Otherwise prints one 'error' record (code \
                audit_failed) per finding with a precise message, and exits 1. Checks: SQLite integrity; the hash \
                chain (each hash = keccak256(prev_hash || entry)); a replay of every journal entry into a fresh ledger, \
                whose results and state must equal this ledger's row by row (so an edit behind the tools' back is \
                found); PANDA conservation (sum of balances = funded - withdrawn); no negative balances. The replay \
                runs in a scratch file beside the ledger (or in $TMPDIR when that directory is read-only), so its \
                memory is bounded by the ledger's state, not its journal. \
                Checkpoints: with --checkpoint, a clean audit appends an 'audit.checkpoint' journal entry holding the \
                digest of the state it verified (so the hash chain covers it, and every later full audit checks it \
                again) and keeps the replayed state beside the ledger as LEDGER.audit (for a PostgreSQL ledger, on this host under \
                $XDG_STATE_HOME/pandactl/audit). --incremental verifies only \
                what is new: it resumes from that state (checked against the last checkpoint's digest), verifies the \
                hash chain and replays the entries after the checkpoint, compares the state tables, checks the \
                invariants, and records a new checkpoint; its time grows with the new entries and the state, not \
                with the journal. Without a usable checkpoint it audits in full (and says why on stderr, unless \
                none was ever recorded). A full audit, the default, stays the one that also runs SQLite's \
                integrity check and re-verifies every entry; run it now and then. On a terminal, progress (entries, \
                rate, time left) is shown on stderr.
                """)
        @OptionGroup var ledger: LedgerOptions
        @Flag(help: "Verify only the journal entries since the last checkpoint, then record a new checkpoint.")
        var incremental = false
        @Flag(help: "After a clean audit, record a checkpoint (implied by --incremental).")
        var checkpoint = false

        func run() throws {
            let sink = RecordSink(program: "pandactl audit", format: .jsonl)
            defer { sink.finish() }
            let meter = ProgressMeter(program: "pandactl audit", unit: "entries")
            do {
                let writes = incremental || checkpoint
                let l = try Ledger.open(path: ledger.path, readOnly: !writes, busyTimeout: try ledger.busyTimeoutMilliseconds())
                let run = try l.audit(incremental: incremental, checkpoint: checkpoint, progress: { meter.update($0, of: $1) })
                meter.finish()
                for note in run.notes where !note.contains("none recorded yet") { Environment.printError("pandactl audit: \(note)") }
                guard run.findings.isEmpty else {
                    for f in run.findings { sink.emitError(PandaError(.audit_failed, f.description), line: nil, request: nil) }
                    throw ExitCode(ExitStatus.rejected.rawValue)
                }
            } catch let e as PandaError {
                meter.finish()
                sink.emitError(e, line: nil, request: nil)
                throw ExitCode(e.code.exitStatus.rawValue)
            }
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Monitoring figures: supply, flows and performance, per model and overall ('stats' records).",
            discussion: """
                One "stats" record per model and, without --symbol, one with "symbol":"*" for all models, over [--since, --until) \
                (default: from the ledger's first entry to now). Supply: total_supply, locked (vesting grants), circulating_supply, \
                minted (off the curve) and burned (access burns and redemptions) in the range, bought and sold on the curve. Flow: \
                daily_mint_volume, daily_burn_volume, active_accounts (accounts that traded, minted, burned or received a mint), \
                token_velocity (tokens traded / total supply). Performance: improvements, improvement_bps, improvement_rate (per day), \
                access_requests, access_frequency (per day), reserve, backing_per_token (reserve / supply) and treasury_health \
                (backing per token / spot price). Ratios have 6 decimals, rounded down.
                """)
        @Option(help: ArgumentHelp("One model only.", valueName: "symbol")) var symbol: String?
        @Option(help: ArgumentHelp("Start of the range: RFC 3339, or a duration before now such as 7d.", valueName: "time")) var since: String?
        @Option(help: ArgumentHelp("End of the range (exclusive; default now).", valueName: "time")) var until: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try Runtime(program: "pandactl", operations: pandactlOperations, common: common)
                .runVerb(op: "stats", defaults: defaults(["symbol": symbol, "since": since, "until": until]), stream: input.isSet)
        }
    }

    struct BackupCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup",
            abstract: "Write an online backup of the ledger to a compressed, checksummed archive.",
            discussion: """
                Copies the ledger with SQLite's online backup API (writers may continue) into a tar archive with a \
                manifest.json (chain id, journal head, size and SHA-256 of the database). Compression follows the \
                name: .tar.zst (default), .tar.gz/.tgz, .tar.xz, .tar. Never overwrites an existing file. A \
                PostgreSQL ledger's rows, as of one snapshot, go into the same archive as an SQLite database. On a \
                terminal, progress is shown on stderr (pages copied, or rows of a PostgreSQL ledger; then bytes \
                checksummed and archived; with rate and time left).
                """)
        @OptionGroup var ledger: LedgerOptions
        @Argument(help: ArgumentHelp("The archive to write, e.g. panda-2026-11-21.tar.zst.", valueName: "archive")) var archive: String
        func run() throws {
            let timeout = try ledger.busyTimeoutMilliseconds()
            try runWithProgress("backup") { progress throws(PandaError) in
                let l = try Ledger.open(path: ledger.path, busyTimeout: timeout)
                return try Backup.create(from: l, to: archive, toolVersion: PandaVersion.string, progress: progress)
            }
        }
    }

    struct RestoreCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore",
            abstract: "Restore a ledger from a backup archive (checked and audited first).",
            discussion: """
                Verifies the database against the manifest's SHA-256 and runs a full audit on it before touching \
                the ledger. Refuses to replace an existing ledger unless --force; then the switch goes through \
                SQLite's backup API, so other processes see either the old or the restored ledger. Into a \
                PostgreSQL database (--ledger postgresql://…), the rows are written in one transaction under the \
                writers' lock: an archive of either engine restores into either. On a terminal, progress is shown on \
                stderr (bytes extracted and checksummed, entries audited, then pages or rows copied; with rate and \
                time left).
                """)
        @OptionGroup var ledger: LedgerOptions
        @Argument(help: ArgumentHelp("The backup archive.", valueName: "archive")) var archive: String
        @Flag(help: "Replace an existing ledger.") var force = false
        func run() throws {
            try runWithProgress("restore") { progress throws(PandaError) in
                try Backup.restore(archive: archive, to: ledger.path, force: force, progress: progress)
            }
        }
    }

    struct CopyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "copy",
            abstract: "Copy the ledger to another location or engine (SQLite file or PostgreSQL database), then check the copy.",
            discussion: """
                Copies every table of the ledger (--ledger: its state, journal and migrations, as of one read \
                transaction) to --to, which must hold no ledger: a new file, or an empty PostgreSQL database \
                (postgresql://…, written in one transaction). The copy is then audited (its journal replayed, every \
                state table compared) and each of its tables compared with the original's; the receipt names the \
                journal head, tables and rows. The original is only read. (--from names the sender in every \
                program, so the ledger copied is --ledger, as in backup.) On a terminal, progress is shown on stderr \
                (rows copied, entries audited, rows compared; with rate and time left).
                """)
        @OptionGroup var ledger: LedgerOptions
        @Option(help: ArgumentHelp("Where the copy goes: a new file or an empty PostgreSQL database.", valueName: "ledger")) var to: String
        func run() throws {
            let timeout = try ledger.busyTimeoutMilliseconds()
            try runWithProgress("copy") { progress throws(PandaError) in
                try LedgerCopy.copy(from: ledger.path, to: to, busyTimeout: timeout, progress: progress)
            }
        }
    }

    struct VersionCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "version", abstract: "Print versions of pandactl, its ledger schema and C libraries.")
        func run() throws {
            var record: JSONObject = [
                "type": "version", "pandactl": .string(PandaVersion.string), "schema": .number(JSONNumber(LedgerSchema.version)),
                "sqlite": .string(Ledger.sqliteVersion), "libarchive": .string(LibraryVersions.libarchive),
            ]
            // libpq only in builds that have it (not the Jetson build): PostgreSQL ledgers need it.
            if let libpq = Ledger.libpqVersion { record["libpq"] = .string(libpq) }
            print(JSONWriter.string(.object(record)))
        }
    }
}

/// A one-shot verb of `pandactl` that runs long (backup, restore, copy): progress on stderr while it is a
/// terminal, then the verb's receipt, or its error record and exit status.
func runWithProgress(_ op: String, _ body: (@escaping ProgressHandler) throws(PandaError) -> JSONObject) throws {
    let sink = RecordSink(program: "pandactl \(op)", format: .jsonl)
    defer { sink.finish() }
    let meter = ProgressMeter(program: "pandactl \(op)")
    do {
        let fields = try body(meter.update)
        meter.finish()
        var r = JSONObject()
        r.appendUnique("type", "receipt")
        r.appendUnique("op", .string(op))
        for (k, v) in fields { r[k] = v }
        sink.emit(r)
    } catch let e {  // typed: PandaError (`catch let e as PandaError` crashes Swift 6.0.3's SILGen)
        meter.finish()
        sink.emitError(e, line: nil, request: nil)
        throw ExitCode(e.code.exitStatus.rawValue)
    }
}

/// A JSON object of the flags that were given (nil flags are left out, so lines can supply them).
func defaults(_ flags: KeyValuePairs<String, String?>) -> JSONObject {
    var o = JSONObject()
    for (k, v) in flags { if let v { o.appendUnique(k, .string(v)) } }
    return o
}

func randomHex(bytes n: Int) -> String {
    var buf = [UInt8](repeating: 0, count: n)
    let fd = open("/dev/urandom", O_RDONLY)
    if fd >= 0 { _ = read(fd, &buf, n); close(fd) }
    return buf.hexString
}

/// `pandactl`'s entry point: git-style dispatch (`pandactl [flags] curve …` runs `pandactl-curve [flags] …`),
/// then the command itself through the shared `Invocation`.
public enum PandactlMain {
    public static func main(arguments: [String]? = nil) -> Never {
        let args = arguments ?? Array(CommandLine.arguments.dropFirst())
        if let (index, word) = programWord(in: args) {
            let program = "pandactl-" + word
            if let path = findProgram(program) {
                var passed = args
                passed.remove(at: index)
                var cargs: [UnsafeMutablePointer<CChar>?] = ([program] + passed).map { strdup($0) }
                cargs.append(nil)
                execv(path, cargs)
                Environment.printError("pandactl: cannot run \(path): \(String(cString: strerror(errno)))")
                exit(ExitStatus.unavailable.rawValue)
            }
            if Programs.entry(named: program) != nil {
                Environment.printError("pandactl: '\(program)' is not installed beside pandactl or on PATH")
                exit(ExitStatus.unavailable.rawValue)
            }
        }
        Invocation.main(PandactlCommand.self, arguments: args)
    }

    /// The first free word (past the common flags and their values) when it names another program rather
    /// than one of pandactl's own verbs.
    static func programWord(in args: [String]) -> (Int, String)? {
        let own = Set(PandactlCommand.configuration.subcommands.map { $0._commandName } + ["help"])
        for (i, word) in args.enumerated() where !word.hasPrefix("-") {
            // The first free word decides: flags before it must be pandactl's common flags with their values.
            guard i == 0 || (try? CommonOptions.parse(Array(args[..<i]))) != nil else { continue }
            return own.contains(word) ? nil : (i, word)
        }
        return nil
    }

    /// `pandactl-NAME` beside this executable (or the multicall binary's link), else on PATH.
    static func findProgram(_ name: String) -> String? {
        var candidates: [String] = []
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        if n > 0 {
            let exe = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if let slash = exe.lastIndex(of: "/") { candidates.append(String(exe[..<slash]) + "/" + name) }
        }
        if let arg0 = CommandLine.arguments.first, let slash = arg0.lastIndex(of: "/") {
            candidates.append(String(arg0[..<slash]) + "/" + name)
        }
        for dir in (Environment.get("PATH") ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            candidates.append(String(dir) + "/" + name)
        }
        return candidates.first { access($0, X_OK) == 0 }
    }
}
