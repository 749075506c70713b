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

/// `pandactl-train`: fit models from JSON-line rows, list versions, export and import signed bundles.
public struct TrainCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pandactl-train",
        abstract: "Fit models from JSON-line rows; model versions; signed model bundles.",
        discussion: Help.discussion(
            """
            'fit' (the default verb) reads rows {"features":[x1,...,xd],"label":y} from stdin and streams them into \
            the fit: memory grows with the square of the feature count, not with the rows, so millions of rows \
            pipe through. Algorithms: linear (least squares with intercept; rank-deficient columns get the \
            minimum-norm solution), ridge (--alpha, default 1.0; intercept not penalised, as scikit-learn's \
            Ridge), logistic (binary labels 0/1; as scikit-learn's LogisticRegression() with C=1). --holdout F \
            keeps a deterministic fraction F of the rows out of the fit and computes the metrics on them \
            (default 0: metrics on the training rows, as the seed). Each fit is the model's next version, \
            stored with its metrics, row count, the keccak-256 of the input as read (data_hash) and of the model \
            (model_hash), by the model's owner; the "trained" record carries improvement_bps against the \
            previous version on the same basis (r2 or accuracy, in basis points of a whole) and the \
            contributor, so 'pandactl-train ... | pandactl-mint improvement -' rewards it. The accuracy \
            (round(r2*100, 2) for regressions, percent correct for logistic) becomes the model's and feeds \
            the curve's success metric. A bad row is an error record; nothing is trained unless --skip-bad. \
            Progress (rows, rows/s) goes to stderr when it is a terminal. 'export' writes the latest version \
            as a signed, byte-exact bundle (.tar.zst) that 'pandactl-predict --bundle' serves \
            with no ledger; 'import' verifies a bundle and stores it as the next version.
            """,
            examples: [
                ("Fit FraudNet on a CSV turned into rows", #"mlr --icsv --ojson cat data.csv | jq -c '{features: [.amount, .hour], label: .fraud}' | pandactl-train --symbol FNET --algo logistic --key owner.key"#),
                ("Keep 20% for evaluation", "pandactl-train --symbol FNET --holdout 0.2 --contributor alice < rows.jsonl"),
                ("Reward the data contributor", "pandactl-train --symbol FNET --contributor alice < rows.jsonl | pandactl-mint improvement - --key verifier.key"),
                ("Ship the model to an edge device", "pandactl-train export --symbol FNET --out fnet.tar.zst --key owner.key"),
            ],
            errors: [.invalid_features, .feature_mismatch, .malformed_json, .missing_field, .not_authorized, .unknown_symbol, .untrained, .bad_bundle,
                     .file_exists, .invalid_request, .bad_signature, .replayed_nonce, .wrong_chain]),
        subcommands: [Fit.self, Versions.self, Export.self, Import.self],
        defaultSubcommand: Fit.self)

    public init() {}

    static func runtime(_ common: CommonOptions) -> Runtime {
        Runtime(program: "pandactl-train", operations: TrainOperations.all, common: common)
    }

    struct SymbolOption: ParsableArguments {
        @Option(help: ArgumentHelp("The model token's symbol, e.g. FNET.", valueName: "symbol")) var symbol: String?
    }

    struct Fit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Fit a model from rows on stdin and store it as the next version (the default verb).")
        @OptionGroup var symbol: SymbolOption
        @Option(help: ArgumentHelp("linear (default), ridge or logistic.", valueName: "algo")) var algo: String = "linear"
        @Option(help: ArgumentHelp("ridge: the penalty (default 1.0).", valueName: "alpha")) var alpha: Double?
        @Option(help: ArgumentHelp("Fraction of rows held out for the metrics, 0 to <1 (default 0).", valueName: "fraction")) var holdout: Double = 0
        @Option(help: ArgumentHelp("Who provided the data (default: the sender).", valueName: "account")) var contributor: String?
        @Flag(name: .customLong("skip-bad"), help: "Train on the good rows when some are bad (each bad row is still an error record).")
        var skipBad = false
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument

        func run() throws {
            let status = TrainRun(fit: self).run()
            if status != .ok { throw ExitCode(status.rawValue) }
        }
    }

    struct Versions: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a model's versions ('version' records).")
        @OptionGroup var symbol: SymbolOption
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try TrainCommand.runtime(common).runVerb(op: "versions", defaults: defaults(["symbol": symbol.symbol]), stream: input.isSet)
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a model version as a signed bundle (the owner's --key).",
            discussion: "The bundle holds model.json, manifest.json (hashes, metrics, owner, chain id, inference fee) and manifest.sig, in one zstd frame with its content checksum, sealed by a skippable frame holding the SHA-256 of the bytes before it; a reader refuses any bundle that is not byte for byte as written (tar --zstd -xf still extracts it). Prints a 'bundle' record.")
        @OptionGroup var symbol: SymbolOption
        @Option(help: ArgumentHelp("The bundle file to write (.tar.zst; other names are refused).", valueName: "file")) var out: String
        @Option(help: ArgumentHelp("The version (default: the latest).", valueName: "n")) var version: Int64?
        @OptionGroup var common: CommonOptions
        func run() throws {
            try common.refuseLines("export")
            let sink = RecordSink(program: "pandactl-train", format: common.stream.format)
            defer { sink.finish() }
            do {
                guard let symbol = symbol.symbol else { throw PandaError(.missing_field, "--symbol is required", field: "symbol") }
                guard let signer = try common.identity.signer() else {
                    throw PandaError(.bad_signature, "a bundle is signed: give the owner's key with --key (or $PANDA_KEY)")
                }
                let ledger = try Ledger.open(path: common.ledger.path, readOnly: true, busyTimeout: try common.ledger.busyTimeoutMilliseconds())
                var record: JSONObject = ["type": "bundle"]
                record.merge(try TrainOperations.exportBundle(ledger, symbol: symbol, version: version, key: signer.key, to: out))
                sink.emit(record)
            } catch {
                let e = error as? PandaError ?? PandaError(.invalid_request, "\(error)")
                sink.emitError(e, line: nil, request: nil)
                throw ExitCode(e.code.exitStatus.rawValue)
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a signed bundle and store its model as the next version (the owner).",
            discussion: "Refused with bad_bundle when a hash, the signature or a file does not check out, or the signer is not the model's owner.")
        @Option(help: ArgumentHelp("The bundle file.", valueName: "file")) var bundle: String
        @Option(help: ArgumentHelp("Also require this signer.", valueName: "address")) var signer: String?
        @OptionGroup var common: CommonOptions
        func run() throws {
            try common.refuseLines("import")
            let verified: ModelBundle
            do { verified = try ModelBundle.verify(path: bundle, expectedSigner: signer) } catch {
                let sink = RecordSink(program: "pandactl-train", format: common.stream.format)
                let e = error as? PandaError ?? PandaError(.bad_bundle, "\(error)")
                sink.emitError(e, line: nil, request: nil)
                sink.finish()
                throw ExitCode(e.code == .io_error ? ExitStatus.missing.rawValue : e.code.exitStatus.rawValue)
            }
            var request = verified.importRequest
            request["op"] = nil
            try TrainCommand.runtime(common).runVerb(op: "import", defaults: request, stream: false)
        }
    }
}

/// One `fit`: rows streamed into the library's trainer, then one ledger request with the result.
struct TrainRun {
    let fit: TrainCommand.Fit

    func run() -> ExitStatus {
        let program = "pandactl-train"
        let sink = RecordSink(program: program, format: fit.common.stream.format)
        func fail(_ e: PandaError, line: Int? = nil) -> ExitStatus {
            sink.emitError(e, line: line, request: nil)
            sink.finish()
            return e.code.exitStatus
        }
        guard let symbol = fit.symbol.symbol else { return fail(PandaError(.missing_field, "--symbol is required", field: "symbol")) }
        guard let algorithm = Algorithm(rawValue: fit.algo) else {
            return fail(PandaError(.invalid_request, "--algo must be linear, ridge or logistic", field: "algo"))
        }
        // The ledger is checked before the rows are read, not after an hour of training.
        do { _ = try Ledger.open(path: fit.common.ledger.path, readOnly: true) } catch { return fail(error) }
        let fd: Int32
        switch InputFile.descriptor(fit.common.stream.input) {
        case .success(let opened): fd = opened
        case .failure(let f):
            _ = fail(f.error)
            return f.status
        }
        if fd == 0 && Environment.isTerminal(0) {
            return fail(PandaError(.missing_field, "rows are read from stdin (or --input FILE); none given"))
        }
        defer { if fd != 0 { close(fd) } }

        let trainer: Trainer
        do { trainer = try Trainer(algorithm: algorithm, alpha: fit.alpha, holdout: fit.holdout) } catch { return fail(error.pandaError) }
        var reader = RowReader()
        // data_hash: keccak-256 of the input exactly as read, hashed on the other core while rows are parsed
        // (a regular file is read again by range there, so hashing may lag into the fit instead of holding
        // the reader back).
        let hasher = BackgroundHasher(source: fd)
        let lines = LineReader(fd: fd)
        lines.onRead = { hasher.update($0) }
        var bad = 0
        let progress = Environment.isTerminal(2)
        let start = Timestamp.now()
        var lastReport = start
        while true {
            let raw: RawLine?
            do { raw = try lines.next() } catch { return fail(PandaError(.io_error, "reading rows: \(error.description)")) }
            guard let raw else { break }
            if raw.tooLong {
                bad += 1
                sink.emitError(PandaError(.line_too_long, "line is longer than the 16 MiB limit"), line: raw.number, request: nil)
                continue
            }
            if raw.isBlank { continue }
            do {
                if try RawLine.isRecord(raw.bytes) { continue }
            } catch {
                bad += 1
                sink.emitError(error, line: raw.number, request: nil)
                if fit.common.stream.failFast { break } else { continue }
            }
            do {
                try reader.read(raw.bytes)
                try trainer.add(reader)
            } catch {
                bad += 1
                sink.emitError(error.pandaError, line: raw.number, request: nil)
                if fit.common.stream.failFast { break }
            }
            if progress && trainer.rowCount % 4096 == 0 {
                let now = Timestamp.now()
                if now.milliseconds - lastReport.milliseconds >= 500 {
                    lastReport = now
                    let rate = Double(trainer.rowCount) * 1000 / Double(max(1, now.milliseconds - start.milliseconds))
                    Environment.printError("\r\(program): \(trainer.rowCount) rows, \(Int(rate)) rows/s", newline: false)
                }
            }
        }
        if progress { Environment.printError("\r\(program): \(trainer.rowCount) rows read") }
        if bad > 0 && (!fit.skipBad || fit.common.stream.failFast) {
            Environment.printError("\(program): \(bad) bad row\(bad == 1 ? "" : "s"); nothing was trained (--skip-bad trains on the others)")
            sink.finish()
            return .rejected  // a stream with rejected lines (DESIGN §8)
        }
        let result: TrainingResult
        do { result = try trainer.finish() } catch { return fail(error.pandaError) }
        sink.flush()
        guard let dataHash = hasher.finalize() else {
            return fail(PandaError(.io_error, "the input file changed while it was read (it could not be read again for its hash)"))
        }

        var request: JSONObject = [
            "symbol": .string(symbol), "algo": .string(algorithm.rawValue), "model": .string(result.model.encoded),
            "rows": .number(JSONNumber(result.rows)), "holdout_rows": .number(JSONNumber(result.holdoutRows)),
            "features": .number(JSONNumber(result.model.featureCount)), "data_hash": .string("0x" + dataHash.hexString),
        ]
        if let r2 = result.r2, let n = JSONNumber(r2) {
            request["r2"] = .number(n)
            request["accuracy"] = .number(JSONNumber(r2 * 100) ?? JSONNumber(0))
        }
        if let accuracy = result.accuracy, let n = JSONNumber(accuracy) { request["accuracy"] = .number(n) }
        if let contributor = fit.contributor { request["contributor"] = .string(contributor) }
        if fit.holdout > 0, let h = JSONNumber(fit.holdout) { request["holdout"] = .number(h) }
        if let alpha = fit.alpha, let a = JSONNumber(alpha) { request["alpha"] = .number(a) }
        let status = TrainCommand.runtime(fit.common).execute(op: "fit", defaults: request, stream: false)
        return status == .ok && bad > 0 ? .rejected : status
    }
}
