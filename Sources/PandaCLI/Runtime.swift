#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ArgumentParser
import Dispatch
import PandaCore
import PandaCrypto
import PandaLedger

/// Writes records as JSON lines on stdout and messages on stderr, in the order given: on the caller's
/// thread, or on a serial queue of its own (`RecordSink.writeInBackground`).
final class RecordWriter: @unchecked Sendable {
    private let out = OutputWriter(fd: 1)
    private var buffer: [UInt8] = []
    var closedPipeIsSuccess = false
    /// The exit status of a failed write; nothing more is written after it.
    private(set) var failure: Int32?

    func write(_ records: [JSONObject], messages: [String]) {
        guard failure == nil else { return }
        for m in messages { Environment.printError(m) }
        for r in records {
            buffer.removeAll(keepingCapacity: true)
            JSONWriter.write(.object(r), into: &buffer)
            buffer.append(0x0A)
            out.write(buffer)
        }
        do { try out.flush() } catch {
            failure = closedPipeIsSuccess && (error as? LineReaderError)?.errno == EPIPE ? 0 : ExitStatus.ioError.rawValue
        }
    }

    func write(_ text: String) throws {
        out.write(text)
        try out.flush()
    }
}

/// Where records go: JSON lines on stdout (or a table at the end), error messages on stderr.
final class RecordSink {
    let program: String
    let format: OutputFormat
    private var writer: RecordWriter?
    /// Streams: the records of a commit are written on this queue while the next group is applied.
    private var background: DispatchQueue?
    /// Records the queue has written, handed back to be released on the thread that made them (a free on
    /// another thread contends with that thread's allocations for the allocator's lock).
    private let written = Handback<[JSONObject]>()
    private var pendingRecords: [JSONObject] = []
    /// Receipts whose `tx` is given at their commit: index in `pendingRecords`, and journal seq.
    private var pendingHashes: [(index: Int, seq: Int64)] = []
    private var pendingMessages: [String] = []
    private var table: [JSONObject] = []
    /// When the reader closed the pipe (EPIPE), end with status 0 rather than 74: a follower
    /// (`pandactl log --follow | head`) is done when nobody reads any more.
    var closedPipeIsSuccess = false { didSet { writer?.closedPipeIsSuccess = closedPipeIsSuccess } }

    init(program: String, format: OutputFormat) {
        self.program = program
        self.format = format
    }

    /// Queues a record; it is written at the next `flush` (after its transaction commits).
    func emit(_ record: JSONObject) { pendingRecords.append(record) }

    /// Queues a receipt whose `tx` is known only once its transaction commits (`fillHashes`).
    func emit(_ receipt: JSONObject, hashOf seq: Int64) {
        pendingHashes.append((pendingRecords.count, seq))
        pendingRecords.append(receipt)
    }

    /// Gives the queued receipts their `tx`, after the commit.
    func fillHashes(_ hash: (Int64) -> String?) {
        for (i, seq) in pendingHashes {
            if let h = hash(seq) { pendingRecords[i]["tx"] = .string(h) }
        }
        pendingHashes.removeAll(keepingCapacity: true)
    }

    func emitError(_ error: PandaError, line: Int?, request: Request?) {
        var o = JSONObject()
        o.appendUnique("type", "error")
        if let line { o.appendUnique("line", .number(JSONNumber(line))) }
        if let op = request?.op { o.appendUnique("op", .string(op)) }
        if let id = request?.id { o.appendUnique("id", id) }
        o.appendUnique("code", .string(error.code.rawValue))
        o.appendUnique("message", .string(error.message))
        if let f = error.field { o.appendUnique("field", .string(f)) }
        pendingRecords.append(o)
        pendingMessages.append("\(program): \(line.map { "line \($0): " } ?? "")\(error.code.rawValue): \(error.message)")
    }

    /// Drops queued records (their transaction did not commit).
    func discardPending() { pendingRecords.removeAll(); pendingMessages.removeAll(); pendingHashes.removeAll() }

    var hasPending: Bool { !pendingRecords.isEmpty || !pendingMessages.isEmpty }

    private var recordWriter: RecordWriter {
        if let writer { return writer }
        let w = RecordWriter()
        w.closedPipeIsSuccess = closedPipeIsSuccess
        writer = w
        return w
    }

    /// From now on, JSON lines are written on a queue of their own: `flush` hands them over and returns,
    /// and `settle` waits for them (a stream settles before its next commit, so no group commits after a
    /// failed write, as when they were written in line).
    func writeInBackground() {
        guard format == .jsonl, background == nil else { return }
        background = DispatchQueue(label: "pandactl.records")
    }

    /// Writes queued records to stdout and messages to stderr (or hands them to the background queue).
    func flush() {
        switch format {
        case .jsonl:
            let writer = recordWriter
            if let background {
                let records = pendingRecords, messages = pendingMessages
                pendingRecords = []
                pendingMessages = []
                written.takeAll()
                let written = self.written
                background.async {
                    writer.write(records, messages: messages)
                    written.put(records)
                }
                return
            }
            writer.write(pendingRecords, messages: pendingMessages)
            pendingRecords.removeAll(keepingCapacity: true)
            pendingMessages.removeAll()
            if let status = writer.failure { exit(status) }
        case .table:
            for m in pendingMessages { Environment.printError(m) }
            pendingMessages.removeAll()
            table += pendingRecords
            pendingRecords.removeAll()
        }
    }

    /// Waits for the records handed to the background queue; ends the process as `flush` does when
    /// writing them failed.
    func settle() {
        guard let background, let writer else { return }
        background.sync {}
        if let status = writer.failure { exit(status) }
    }

    /// Ends output: a table format prints its table now.
    func finish() {
        flush()
        settle()
        if format == .table {
            do { try recordWriter.write(TableFormatter.render(table)) } catch { exit(ExitStatus.ioError.rawValue) }
        }
    }
}

/// The engine every program's verbs run through: one request from flags, or a stream of JSON lines
/// grouped into transactions (a savepoint per line), receipts printed only after their commit.
public struct Runtime {
    public let program: String
    public let operations: [String: Operation]
    public let common: CommonOptions

    /// Lines per write transaction at most, their bytes at most (what a group holds until its commit grows
    /// with its lines: the requests, kept to run again if the engine gives the transaction up, and the
    /// records waiting for the commit), and how long a transaction may stay open for more lines. Each
    /// commit waits for the disk (synchronous=FULL), so larger groups write faster: 8,000 small lines take
    /// 0.87 of the wall time of 1,000-line groups (100,000 transfers, farm-bench) for 20 MB more memory.
    public var groupLimit = 8000
    public var groupByteLimit = 4 << 20
    public var groupMilliseconds: Int64 = 200
    /// Records of other programs this one takes as requests, by their "type": each turns a record into
    /// the request fields it means (nil: nothing to do for this record, skip it).
    public var consumes: [String: @Sendable (JSONObject) -> JSONObject?] = [:]
    /// Lines whose "type" is a request field of this program rather than a record type (an order's
    /// `"type":"market"`): they are requests, and keep their `type`.
    public var typedRequest: (@Sendable (JSONObject) -> Bool)?

    public init(program: String, operations: [Operation], common: CommonOptions) {
        self.program = program
        self.operations = Dictionary(uniqueKeysWithValues: operations.map { ($0.name, $0) })
        self.common = common
    }

    /// Runs a verb given on the command line: a single request built from `defaults`, or, when `stream`
    /// (`-`) or `--input FILE` was given, every line of the input with `defaults` merged in and `op` as the
    /// default op. Exits non-zero as DESIGN §2 says.
    public func runVerb(op: String?, defaults: JSONObject, stream: Bool) throws {
        let status = execute(op: op, defaults: defaults, stream: stream || common.stream.input != nil)
        if status != .ok { throw ExitCode(status.rawValue) }
    }

    /// A program run with no verb: the request lines on stdin (or --input), or, when stdin is a terminal
    /// and no input was named, `help` and exit status 64.
    public func runStdinOrHelp(_ help: @autoclosure () -> String) throws {
        guard !Environment.isTerminal(0) || common.stream.input != nil else {
            print(help())
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        try runVerb(op: nil, defaults: JSONObject(), stream: true)
    }

    func execute(op: String?, defaults: JSONObject, stream: Bool) -> ExitStatus {
        let sink = RecordSink(program: program, format: common.stream.format)
        defer { sink.finish() }
        var defaults = defaults
        if let from = common.identity.from, defaults["from"] == nil { defaults["from"] = .string(from) }
        let signer: Signing?
        do { signer = try common.identity.signer().map { s throws(PandaError) in Signing(signer: s, nonces: try NonceAllocator(address: s.address)) } } catch {
            sink.emitError(error, line: nil, request: nil)
            return error.code.exitStatus
        }
        let ledger: Ledger
        do {
            ledger = try Ledger.open(path: common.ledger.path, busyTimeout: try common.ledger.busyTimeoutMilliseconds())
        } catch let e as PandaError {
            sink.emitError(e, line: nil, request: nil)
            return e.code.exitStatus
        } catch {
            sink.emitError(PandaError(.invalid_request, "\(error)"), line: nil, request: nil)
            return .usage
        }
        if stream {
            let fd: Int32
            switch InputFile.descriptor(common.stream.input) {
            case .success(let opened): fd = opened
            case .failure(let f):
                sink.emitError(f.error, line: nil, request: nil)
                return f.status
            }
            defer { if fd != 0 { close(fd) } }
            return runStream(LineReader(fd: fd), ledger: ledger, signer: signer, defaultOp: op, defaults: defaults, sink: sink)
        }
        var object = defaults
        if let op { object["op"] = .string(op) }
        let request = Request(object: object)
        var givenUpSince: Int64?
        while true {
            var began = false
            do {
                try runOne(request, ledger: ledger, signer: signer, sink: sink)
                began = ledger.inWriteTransaction
                if began { try ledger.commit() }
                sink.flush()
                return .ok
            } catch {
                let e = error as? PandaError ?? PandaError(.internal_error, "\(error)")
                // Given up by the engine after the transaction began (not while waiting to begin it, which
                // waited the whole timeout already): run it again while the busy timeout allows.
                let inside = began || ledger.inWriteTransaction
                ledger.rollback()
                sink.discardPending()
                if e.code == .ledger_busy && inside && ledger.mayRunTransactionAgain(since: &givenUpSince) { continue }
                sink.emitError(e, line: nil, request: request)
                return e.code.exitStatus
            }
        }
    }

    /// Applies or answers one request. Mutating requests open a write transaction if none is open.
    func runOne(_ request: Request, ledger: Ledger, signer: Signing?, sink: RecordSink) throws {
        guard let opName = request.op else {
            if let v = request.object["op"] { throw PandaError(.invalid_request, "'op' must be a string, got \(v.kindName)", field: "op") }
            throw PandaError(.missing_field, "'op' is required (one of: \(operations.keys.sorted().joined(separator: ", ")))", field: "op")
        }
        guard let operation = operations[opName] else {
            throw PandaError(.unknown_op, "'\(opName)' is not an operation of \(program) (one of: \(operations.keys.sorted().joined(separator: ", ")))", field: "op")
        }
        switch operation.kind {
        case .mutating:
            if !ledger.inWriteTransaction { try ledger.beginWrite() }
            var request = request
            if let signer, request.object["sig"] == nil {
                // Signed here, inside the write transaction: the nonce comes from the key's allocator (shared
                // with offline signing and edge receipts, so a pending line signed elsewhere is never taken),
                // and is above every nonce the ledger has seen from this sender.
                let nonce = request.object["nonce"] == nil
                    ? try signer.nonces.next(floor: try ledger.nextNonce(for: signer.signer.address)) : 0
                request.object = try signer.signer.sign(request.object, nonce: nonce, chainID: ledger.info.chainID)
            }
            let applied = try ledger.applyWithRecords(request, operation: operation)
            if ledger.hashesAfterCommit, let seq = applied.receipt["seq"]?.numberValue?.int64Value {
                sink.emit(applied.receipt, hashOf: seq)
            } else {
                sink.emit(applied.receipt)
            }
            for record in applied.records {
                var r = record
                if let id = request.id, r["id"] == nil { r["id"] = id }
                sink.emit(r)
            }
        case .query:
            let output = try ledger.query(request, operation: operation)
            // A query prints one record per result and nothing else: no receipt without fields.
            if !output.fields.isEmpty {
                var receipt = JSONObject()
                receipt.appendUnique("type", .string(output.recordType))
                receipt.appendUnique("op", .string(opName))
                if let id = request.id { receipt.appendUnique("id", id) }
                for (k, v) in output.fields where receipt[k] == nil { receipt.appendUnique(k, v) }
                sink.emit(receipt)
            }
            for r in output.records {
                var record = r
                if let id = request.id, record["id"] == nil { record["id"] = id }
                sink.emit(record)
            }
        }
    }

    /// The stream loop: lines that are available without blocking are grouped into one transaction
    /// (at most `groupLimit` lines, `groupByteLimit` bytes or `groupMilliseconds`); each commit is followed by its receipts.
    func runStream(_ reader: LineReader, ledger: Ledger, signer: Signing?, defaultOp: String?, defaults: JSONObject, sink: RecordSink) -> ExitStatus {
        // Each entry's text and hash are written on a second thread while the next lines are applied.
        ledger.journalsInBackground = true
        sink.writeInBackground()
        var rejected = false
        var groupCount = 0
        var groupBytes = 0
        var groupStart = Timestamp.now()
        var firstLineOfGroup = 0
        // Every line since the last commit, in order: when the engine gives the open transaction up
        // (ledger_busy inside it: a deadlock with another session, a serialization failure), the transaction
        // is rolled back and the group runs again at the new head, while --busy-timeout allows. None of its
        // records was printed, so each line's outcome is the one of the run that commits.
        var group: [GroupLine] = []
        var givenUpSince: Int64?

        func emitError(_ e: PandaError, line: Int, request: Request?) {
            sink.emitError(e, line: line, request: request)
            group.append(.refused(e, line: line, request: request))
            rejected = true
        }
        /// Runs one request of the group: the error that ends the stream, or the one with which the engine
        /// gave the transaction up, or neither (applied, answered or refused).
        func run(_ request: Request, line: Int) -> (fatal: PandaError?, givenUp: PandaError?) {
            do {
                try runOne(request, ledger: ledger, signer: signer, sink: sink)
                groupCount += 1
            } catch {
                let e = error as? PandaError ?? PandaError(.internal_error, "\(error)")
                if e.code == .ledger_busy && ledger.inWriteTransaction { return (nil, e) }
                if e.code.endsStream { return (e, nil) }
                sink.emitError(e, line: line, request: request)
                rejected = true
            }
            return (nil, nil)
        }
        /// Rolls the given-up transaction back and runs its group again, until it runs through or the busy
        /// timeout has passed (then the error that ends the stream).
        func runGroupAgain(_ cause: PandaError) -> PandaError? {
            attempt: while true {
                ledger.rollback()
                sink.discardPending()
                groupCount = 0
                guard ledger.mayRunTransactionAgain(since: &givenUpSince) else { return cause }
                for item in group {
                    switch item {
                    case .refused(let e, let line, let request):
                        sink.emitError(e, line: line, request: request)
                    case .request(let request, let line):
                        let outcome = run(request, line: line)
                        if let fatal = outcome.fatal { return fatal }
                        if outcome.givenUp != nil { continue attempt }
                    }
                }
                return nil
            }
        }
        func commitGroup() -> PandaError? {
            // The last group's records are written before this one commits.
            sink.settle()
            while ledger.inWriteTransaction {
                do {
                    try ledger.commit()
                } catch {
                    guard error.code == .ledger_busy else { return error }
                    if let e = runGroupAgain(error) { return e }
                }
            }
            sink.fillHashes(ledger.committedHash(seq:))
            sink.flush()
            groupCount = 0
            groupBytes = 0
            group.removeAll(keepingCapacity: true)
            givenUpSince = nil
            return nil
        }
        func fatal(_ e: PandaError, line: Int, atCommit: Bool = false) -> ExitStatus {
            // (A group the engine gave up and that could not run again is lost too, and so is one whose commit
            // failed: the ledger rolled it back.)
            let lost = (ledger.inWriteTransaction || atCommit) && groupCount > 0 || givenUpSince != nil
            ledger.rollback()
            sink.discardPending()
            var message = e
            if lost { message.message += " (lines \(firstLineOfGroup)-\(line) were not applied)" }
            sink.emitError(message, line: line, request: nil)
            sink.flush()
            return e.code.exitStatus
        }

        // Lines are read and parsed on a second thread while the ones before them are applied.
        let lines = LinePrefetcher(reader: reader) { raw in prepare(raw, defaultOp: defaultOp, defaults: defaults) }
        defer { lines.stop() }
        var lineNumber = 0
        stream: while true {
            if sink.hasPending || ledger.inWriteTransaction {
                let due = groupCount >= groupLimit || groupBytes >= groupByteLimit
                    || Timestamp.now().milliseconds - groupStart.milliseconds >= groupMilliseconds
                if due || !lines.hasItem {
                    if let e = commitGroup() { return fatal(e, line: lineNumber, atCommit: true) }
                    // A full group held the write lock for a while: leave a gap for other writers waiting.
                    if due && lines.hasItem && ledger.writersMayWait { usleep(1000) }
                }
            }
            guard let item = lines.nextItem() else { break }
            switch item {
            case .readFailed(let error, let afterLine):
                return fatal(PandaError(.io_error, "reading input: \(error.description)"), line: afterLine + 1)
            case .passed(let line):
                lineNumber = line
            case .refused(let e, let line):
                lineNumber = line
                emitError(e, line: line, request: nil)
                if common.stream.failFast { break stream }
            case .request(let request, let line, let bytes):
                lineNumber = line
                if !ledger.inWriteTransaction && groupCount == 0 {
                    groupStart = Timestamp.now()
                    firstLineOfGroup = line
                }
                group.append(.request(request, line: line))
                groupBytes += bytes
                let wasRejected = rejected
                var outcome = run(request, line: line)
                if let cause = outcome.givenUp, let e = runGroupAgain(cause) { outcome.fatal = e }
                if let e = outcome.fatal { return fatal(e, line: line) }
                if rejected && !wasRejected && common.stream.failFast { break stream }
            }
        }
        if let e = commitGroup() { return fatal(e, line: lineNumber, atCommit: true) }
        return rejected ? .rejected : .ok
    }

    /// What one input line means for this program, worked out from the line alone (on the prefetching
    /// thread): its request with the defaults merged in, a refusal, or nothing (blank, or a record of
    /// another program passing by).
    func prepare(_ raw: RawLine, defaultOp: String?, defaults: JSONObject) -> LinePrefetcher.Item {
        if raw.tooLong { return .refused(PandaError(.line_too_long, "line is longer than the 16 MiB limit"), line: raw.number) }
        if raw.isBlank { return .passed(line: raw.number) }
        do {
            let value = try JSONParser.parse(raw.bytes)
            guard case .object(let lineObject) = value else {
                throw PandaError(.invalid_request, "a request must be a JSON object, got \(value.kindName)")
            }
            // Records of other programs pass by, unless this program consumes them; a `type` that
            // names no record is refused (DESIGN §8), so a misspelt request is never skipped.
            var fields = lineObject
            let typed = typedRequest?(lineObject) ?? false
            if !typed, case .record(let name) = try RecordTypes.classify(lineObject) {
                guard let consume = consumes[name], let translated = consume(lineObject) else { return .passed(line: raw.number) }
                fields = translated
            }
            var request: Request
            if defaults.isEmpty && defaultOp == nil && (typed || fields["type"] == nil) {
                // Nothing to merge: the line as it is.
                request = Request(object: fields, line: raw.number)
            } else {
                var merged = defaults
                merged.reserveCapacity(defaults.count + fields.count + 1)
                if let op = defaultOp, merged["op"] == nil { merged["op"] = .string(op) }
                for (k, v) in fields where k != "type" || typed { merged[k] = v }
                request = Request(object: merged, line: raw.number)
            }
            // The checks and canonical order the ledger needs, worked out here rather than on the thread
            // that applies the requests.
            let operation = request.op.flatMap { operations[$0] }
            request.workOutAhead(operation: operation?.name, allowed: operation?.fields)
            return .request(request, line: raw.number, bytes: raw.bytes.count)
        } catch let e as JSONParseError {
            return .refused(PandaError(.malformed_json, "not valid JSON: \(e.message)"), line: raw.number)
        } catch {
            return .refused(error as? PandaError ?? PandaError(.internal_error, "\(error)"), line: raw.number)
        }
    }
}

/// A line of the open group, as the stream loop runs it again when the engine gives the transaction up.
enum GroupLine {
    case request(Request, line: Int)
    case refused(PandaError, line: Int, request: Request?)
}

/// The key that signs requests a program sends (`--key`), and the allocator of its nonces.
struct Signing {
    let signer: RequestSigner
    let nonces: NonceAllocator
}

/// `--input FILE` (or stdin for none or `-`), opened the same way by every program: a file that does not
/// exist ends the run with 66, one that cannot be opened with 74 (DESIGN §2), each with an `io_error` record.
enum InputFile {
    struct Failure: Error {
        let error: PandaError
        let status: ExitStatus
    }

    /// The descriptor to read (0 for stdin); the caller closes it when it is not 0.
    static func descriptor(_ input: String?) -> Result<Int32, Failure> {
        guard let input, input != "-" else { return .success(0) }
        let fd = open(input, O_RDONLY)
        guard fd >= 0 else {
            let missing = errno == ENOENT
            return .failure(Failure(error: PandaError(.io_error, "cannot read '\(input)': \(String(cString: strerror(errno)))"),
                                    status: missing ? .missing : .ioError))
        }
        return .success(fd)
    }
}

extension RawLine {
    /// For readers of rows rather than requests (training rows): true when the line is a record of
    /// another program, to be skipped; throws `unknown_record_type` for a `type` that names no record.
    /// Only a line that mentions "type" is parsed here, so plain rows keep their fast reader.
    static func isRecord(_ bytes: UnsafeRawBufferPointer) throws(PandaError) -> Bool {
        // Jump from quote to quote (a row has few) looking for the key "type".
        guard let base = bytes.baseAddress, bytes.count >= 6 else { return false }
        var i = 0
        var found = false
        while i + 6 <= bytes.count, let hit = memchr(base + i, 0x22, bytes.count - 5 - i) {
            let at = base.distance(to: UnsafeRawPointer(hit))
            if bytes[at + 1] == 0x74, bytes[at + 2] == 0x79, bytes[at + 3] == 0x70, bytes[at + 4] == 0x65, bytes[at + 5] == 0x22 { found = true; break }
            i = at + 1
        }
        guard found else { return false }
        guard case .object(let o) = try? JSONParser.parse(bytes) else { return false }
        if case .record = try RecordTypes.classify(o) { return true }
        return false
    }
}
