#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ArgumentParser
import Learning
import PandaCore
import PandaCrypto
import PandaLedger

/// `pandactl-predict`: paid predictions on the ledger, or a verified bundle served with no ledger (edge).
public struct PredictCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pandactl-predict",
        abstract: "Paid inference: fees flow to holders; offline bundle mode for edge devices.",
        discussion: Help.discussion(
            """
            'run' (the default verb) reads rows {"features":[x1,...,xd]} (or {"features":[[...],[...]]} for several \
            rows in one line) and prints a "prediction" record per line with the model's latest version: the \
            value rounded to 4 decimals (--precision N), or for logistic models the class with its probability. \
            Each line pays its fee (--fee, at least the model's inference_fee per row, which is the default) from \
            the sender to the model's holders through the dividend counter (to the owner while no tokens are out). \
            Edge mode: with --bundle FILE no ledger is used: the bundle is verified (every hash and the owner's \
            signature; --signer pins the owner) and served; with --receipts FILE and the device's --key, a \
            signed usage receipt is appended per line. 'settle' applies such receipts to the ledger later: each \
            pays its fee from the device's account to the holders, exactly once (a receipt settled before is \
            refused with already_settled and changes nothing).
            """,
            examples: [
                ("Two paid predictions", #"printf '{"features":[120.5,3]}\n{"features":[9.99,14]}\n' | pandactl-predict --symbol FNET --key app.key"#),
                ("One prediction from flags", "pandactl-predict run --symbol FNET --features '[120.5,3]' --fee 0.05 --key app.key"),
                ("Serve a bundle on a Jetson, with receipts", "pandactl-predict --bundle fnet.tar.zst --receipts usage.jsonl --key device.key < rows.jsonl"),
                ("Settle the device's receipts", "pandactl-predict settle --input usage.jsonl --ledger panda.db"),
            ],
            errors: [.untrained, .feature_mismatch, .invalid_features, .fee_too_low, .insufficient_funds, .already_settled, .bad_bundle,
                     .unknown_symbol, .missing_field, .malformed_json, .invalid_request, .bad_signature, .replayed_nonce, .wrong_chain]),
        subcommands: [Run.self, Settle.self],
        defaultSubcommand: Run.self)

    public init() {}

    static func runtime(_ common: CommonOptions) -> Runtime {
        Runtime(program: "pandactl-predict", operations: PredictOperations.all, common: common)
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Predict for rows on stdin (or --features), paying the fee per line (the default verb).")
        @Option(help: ArgumentHelp("The model token's symbol, e.g. FNET.", valueName: "symbol")) var symbol: String?
        @Option(help: ArgumentHelp("One row (or a list of rows) as JSON, instead of stdin.", valueName: "json")) var features: String?
        @Option(help: ArgumentHelp("Fee per line, PANDA (default: inference_fee x rows).", valueName: "amount")) var fee: String?
        @Option(help: ArgumentHelp("Decimals of predictions (default 4).", valueName: "n")) var precision: String?
        @Option(help: ArgumentHelp("Serve this verified bundle with no ledger (edge mode).", valueName: "file")) var bundle: String?
        @Option(help: ArgumentHelp("Edge mode: append signed usage receipts here (needs --key).", valueName: "file")) var receipts: String?
        @Option(help: ArgumentHelp("Edge mode: require the bundle to be signed by this address.", valueName: "address")) var signer: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument

        func run() throws {
            if let bundle {
                let status = EdgeRun(options: self, bundlePath: bundle).serve()
                if status != .ok { throw ExitCode(status.rawValue) }
                return
            }
            var d = defaults(["symbol": symbol, "fee": fee, "precision": precision])
            if let features {
                guard let v = try? JSONParser.parse(features), case .array = v else { throw ValidationError("--features is not a JSON list") }
                d["features"] = v
                try PredictCommand.runtime(common).runVerb(op: "run", defaults: d, stream: false)
                return
            }
            guard input.isSet || common.stream.input != nil || !Environment.isTerminal(0) else {
                throw ValidationError("rows are read from stdin (or --input FILE, or one row with --features)")
            }
            try PredictCommand.runtime(common).runVerb(op: "run", defaults: d, stream: true)
        }
    }

    struct Settle: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply an edge device's signed usage receipts (from stdin or --input), each exactly once.")
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try PredictCommand.runtime(common).runVerb(op: "settle", defaults: JSONObject(), stream: true)
        }
    }
}

/// Edge mode: a verified bundle, rows on stdin, predictions on stdout, signed usage receipts appended to a file.
struct EdgeRun {
    let options: PredictCommand.Run
    let bundlePath: String

    func serve() -> ExitStatus {
        let run = options
        let program = "pandactl-predict"
        let sink = RecordSink(program: program, format: run.common.stream.format)
        defer { sink.finish() }
        func fail(_ error: any Error, line: Int? = nil) -> ExitStatus {
            let e = error as? PandaError ?? PandaError(.internal_error, "\(error)")
            sink.emitError(e, line: line, request: nil)
            return e.code == .io_error ? .missing : e.code.exitStatus
        }
        let bundle: ModelBundle
        do { bundle = try ModelBundle.verify(path: bundlePath, expectedSigner: run.signer) } catch { return fail(error) }
        if let s = run.symbol, s != bundle.symbol {
            return fail(PandaError(.invalid_request, "the bundle is \(bundle.symbol), not \(s)", field: "symbol"))
        }
        var receipts: ReceiptWriter?
        if let path = run.receipts {
            do {
                guard let signer = try run.common.identity.signer() else {
                    throw PandaError(.bad_signature, "usage receipts are signed: give the device's key with --key (or $PANDA_KEY)")
                }
                receipts = try ReceiptWriter(path: path, signer: signer, chainID: bundle.chainID)
            } catch { return fail(error) }
        }
        defer { receipts?.close() }
        let precision: Int, feeOverride: Amount?
        do {
            precision = try PredictOperations.precisionField(Request(object: defaults(["precision": run.precision])))
            feeOverride = try run.fee.map { try Amount(parsing: $0) }
        } catch { return fail(PandaError(.invalid_request, "bad --precision or --fee: \(error)")) }

        let fd: Int32
        switch InputFile.descriptor(run.common.stream.input) {
        case .success(let opened): fd = opened
        case .failure(let f):
            _ = fail(f.error)
            return f.status
        }
        defer { if fd != 0 { close(fd) } }
        let lines = LineReader(fd: fd)
        var rejected = false
        while true {
            let raw: RawLine?
            do { raw = try lines.next() } catch {
                _ = fail(PandaError(.io_error, "reading rows: \(error.description)"))
                return .ioError
            }
            guard let raw else { break }
            if raw.isBlank { continue }
            do {
                guard case .object(let o) = try JSONParser.parse(raw.bytes) else { throw PandaError(.invalid_request, "a row must be a JSON object") }
                if case .record = try RecordTypes.classify(o) { continue }
                let request = Request(object: o, line: raw.number)
                let rows = try PredictOperations.featureRows(request, expected: bundle.model.featureCount)
                let fee = feeOverride ?? Amount(units: bundle.inferenceFee.units * Int128(rows.count))
                var record: JSONObject = ["type": "prediction", "symbol": .string(bundle.symbol)]
                if let id = request.id { record["id"] = id }
                record.merge(PredictOperations.predictionFields(rows.map { bundle.model.predict($0) }, batch: PredictOperations.isBatch(request),
                                                                precision: precision))
                record.merge(["version": .number(JSONNumber(bundle.version)), "model_hash": .string(bundle.modelHash), "fee": .string(fee.description)])
                if var w = receipts {
                    record["receipt"] = .number(JSONNumber(try w.append(symbol: bundle.symbol, version: bundle.version, modelHash: bundle.modelHash,
                                                                         rows: rows.count, fee: fee)))
                    receipts = w
                }
                sink.emit(record)
            } catch let e as JSONParseError {
                rejected = true
                sink.emitError(PandaError(.malformed_json, "not valid JSON: \(e.message)"), line: raw.number, request: nil)
            } catch {
                rejected = true
                let e = error as? PandaError ?? PandaError(.internal_error, "\(error)")
                sink.emitError(e, line: raw.number, request: nil)
                if e.code == .io_error { return .ioError }
            }
            if !lines.hasBufferedLine { sink.flush() }
        }
        do { try receipts?.sync() } catch { return fail(error) }
        return rejected ? .rejected : .ok
    }
}

/// Appends signed usage receipts (`settle` requests whose nonce is the receipt number) to a file. Receipt
/// numbers come from the device key's nonce allocator, so devices or processes sharing a key never repeat one.
struct ReceiptWriter {
    let path: String
    let fd: Int32
    let signer: RequestSigner
    let chainID: String
    let nonces: NonceAllocator
    /// No number at or below the file's last receipt (a state directory that was lost must not repeat them).
    let floor: UInt64

    init(path: String, signer: RequestSigner, chainID: String) throws {
        self.path = path
        self.signer = signer
        self.chainID = chainID
        var last: UInt64 = 0
        let rfd = open(path, O_RDONLY)
        if rfd >= 0 {
            defer { _ = Glibc.close(rfd) }
            let reader = LineReader(fd: rfd)
            while let line = try reader.next() {
                if let o = try? JSONParser.parse(line.bytes).objectValue, let n = o["receipt"]?.numberValue?.int64Value, n > 0 { last = max(last, UInt64(n)) }
            }
        }
        floor = last + 1
        nonces = try NonceAllocator(address: signer.address)
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard fd >= 0 else { throw PandaError(.io_error, "cannot write receipts to '\(path)': \(String(cString: strerror(errno)))") }
    }

    mutating func append(symbol: String, version: Int64, modelHash: String, rows: Int, fee: Amount) throws -> UInt64 {
        let n = try nonces.next(floor: floor)
        let request: JSONObject = ["op": "settle", "symbol": .string(symbol), "version": .number(JSONNumber(version)), "model_hash": .string(modelHash),
                                   "rows": .number(JSONNumber(rows)), "fee": .string(fee.description), "receipt": .number(JSONNumber(n)),
                                   "ts_device": .string(Timestamp.now().rfc3339)]
        var bytes = Array(JSONWriter.string(.object(try signer.sign(request, nonce: n, chainID: chainID))).utf8)
        bytes.append(0x0A)
        var off = 0
        while off < bytes.count {
            let w = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + off, $0.count - off) }
            if w < 0 { if errno == EINTR { continue }; throw PandaError(.io_error, "writing '\(path)': \(String(cString: strerror(errno)))") }
            off += w
        }
        return n
    }

    func sync() throws {
        guard fsync(fd) == 0 else { throw PandaError(.io_error, "cannot sync '\(path)': \(String(cString: strerror(errno)))") }
    }

    func close() { _ = Glibc.close(fd) }
}
