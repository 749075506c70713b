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

/// `pandactl-sign`: keys, signing, verification and recovery, Ethereum and Cosmos styles. Needs no ledger
/// (`sign` reads the chain id from `--ledger` only when neither `--chain-id` nor the lines give one).
public struct SignCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pandactl-sign",
        abstract: "Keys, signing, verification and recovery (Ethereum and Cosmos styles).",
        discussion: Help.discussion(
            """
            Every actor is a secp256k1 key. A request is signed by its sender over its RFC 8785 canonical JSON \
            (without 'sig') as an EIP-191 personal message; the signature is 0x + r||s||v (v 27 or 28), so any \
            Ethereum wallet or library can produce and check it. Key files are Web3 Secret Storage v3 \
            keystores (scrypt, AES-128-CTR) when a passphrase is given, else a plain hex key with mode 0600; \
            plain key files readable by others are refused.
            """,
            examples: [
                ("Make an encrypted key", "PANDA_PASSPHRASE=secret pandactl-sign keygen --out alice.json"),
                ("Sign requests offline, apply them elsewhere", "pandactl-sign sign --key alice.key --chain-id prod < reqs.jsonl > signed.jsonl; pandactl --ledger prod.db < signed.jsonl"),
                ("Check who signed each line", "pandactl-sign recover < signed.jsonl | jq -r .address"),
                ("Detached signature of a model bundle", "pandactl-sign sign --key owner.key --file model.tar.zst > model.sig.json"),
                ("Verify a Cosmos-style signature", "pandactl-sign verify --scheme cosmos --message hello --signature BASE64 --pubkey BASE64"),
            ],
            errors: [.bad_signature, .invalid_key, .bad_passphrase, .bad_keystore, .key_file_permissions, .wrong_chain, .malformed_json,
                     .invalid_request, .missing_field, .file_exists, .io_error]),
        subcommands: [Keygen.self, AddressVerb.self, SignVerb.self, Verify.self, Recover.self],
        defaultSubcommand: Verify.self)

    public init() {}

    enum Scheme: String, ExpressibleByArgument, CaseIterable { case eth, cosmos }

    struct KeyOptions: ParsableArguments {
        @Option(help: ArgumentHelp("The key file (default: $PANDA_KEY).", valueName: "file")) var key: String?
        @Option(name: .customLong("passphrase-file"), help: ArgumentHelp("Keystore passphrase file (default: $PANDA_PASSPHRASE).", valueName: "file"))
        var passphraseFile: String?

        func load() throws -> PrivateKey {
            guard let path = key ?? Environment.get("PANDA_KEY") else { throw ValidationError("--key FILE (or $PANDA_KEY) is required") }
            return try run { try KeyFile.load(path: path, passphrase: try KeyFile.passphrase(file: passphraseFile)) }
        }
    }

    /// Where `sign`, `verify` and `recover` read lines: `-` or no verb (stdin), or `--input FILE`. With
    /// neither, stdin is read unless it is a terminal, where the verb's help is shown (exit 64).
    struct LineInput: ParsableArguments {
        @Option(help: ArgumentHelp("Read JSON lines from this file instead of stdin.", valueName: "file")) var input: String?
        @OptionGroup var output: OutputOptions
        @OptionGroup var dash: DashArgument

        func open(help: () -> String) throws -> Int32 {
            SignOutput.format = output.format
            if input == nil && !dash.isSet && Environment.isTerminal(0) {
                print(help())
                throw ExitCode(ExitStatus.usage.rawValue)
            }
            switch InputFile.descriptor(input) {
            case .success(let fd): return fd
            case .failure(let f):
                emitError(f.error)
                throw ExitCode(f.status.rawValue)
            }
        }
    }

    // MARK: keygen

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key file: a v3 keystore when a passphrase is given, else plain hex (mode 0600).",
            discussion: "Prints {\"type\":\"key\",\"address\":...,\"pubkey\":...,\"key_file\":...}. Never overwrites a file.")
        @Option(help: ArgumentHelp("The key file to create.", valueName: "file")) var out: String
        @Option(name: .customLong("passphrase-file"), help: ArgumentHelp("Encrypt with the passphrase in this file (default: $PANDA_PASSPHRASE).", valueName: "file"))
        var passphraseFile: String?
        @Flag(help: "Lighter scrypt parameters (N=4096, p=6, as geth --lightkdf): faster to open, weaker against guessing.") var light = false
        @Flag(help: "Write a plain hex key even when $PANDA_PASSPHRASE is set.") var plain = false

        func run() throws {
            let key = PrivateKey.generate()
            let passphrase = plain ? nil : try SignCommand.run { try KeyFile.passphrase(file: passphraseFile) }
            try SignCommand.run { try KeyFile.write(key, to: out, passphrase: passphrase, kdf: light ? .scrypt(n: 4096, r: 8, p: 6) : .standard) }
            emit(["type": "key", "address": .string(key.address), "pubkey": .string("0x" + key.publicKeyCompressed.hexString),
                  "key_file": .string(out), "encrypted": .bool(passphrase != nil)])
        }
    }

    // MARK: address

    struct AddressVerb: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "address", abstract: "Print a key's address and public key.")
        @OptionGroup var key: KeyOptions
        func run() throws {
            let k = try key.load()
            emit(["type": "address", "address": .string(k.address), "pubkey": .string("0x" + k.publicKeyCompressed.hexString),
                  "pubkey_base64": .string(Base64.encode(k.publicKeyCompressed))])
        }
    }

    // MARK: sign

    struct SignVerb: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sign",
            abstract: "Sign requests on stdin (a pipeline stage), or a message, a raw hash or a file.",
            discussion: """
                With no --message/--hash/--file, reads request lines and writes them signed: 'from' set to the key's \
                address, 'nonce' (when absent) from the key's nonce state, 'chain' (when absent) from --chain-id or \
                the --ledger's chain id, 'expires' (when absent) from --ttl, then 'sig'. Nonces are allocated per key \
                through the state file $XDG_STATE_HOME/pandactl/nonces/ADDRESS.next (else under \
                ~/.local/state/pandactl/), locked with flock, so any number of processes signing with one key at \
                once never repeat a nonce, nor does a run after a crash. A line signed with --ttl is refused with \
                'expired' once that time has passed; to withdraw a signed line before then, void its nonce \
                ('pandactl void --nonce N --key FILE'). Records of other programs (lines with a "type") pass through. \
                --hash signs a raw 32-byte digest (the paper's Sign(H(m))); --message signs an EIP-191 personal \
                message, or with --scheme cosmos the SHA-256 of the message as a 64-byte compact signature (base64); \
                --file makes a detached EIP-191 signature of the file's bytes.
                """)
        @OptionGroup var key: KeyOptions
        @Option(name: .customLong("chain-id"), help: ArgumentHelp("The chain id to put in requests.", valueName: "id")) var chainID: String?
        @Option(help: ArgumentHelp("Take the chain id from this ledger.", valueName: "path")) var ledger: String?
        @Option(help: ArgumentHelp("Sign this raw 32-byte hash (0x hex).", valueName: "hex")) var hash: String?
        @Option(help: ArgumentHelp("Sign this message text.", valueName: "text")) var message: String?
        @Option(help: ArgumentHelp("Make a detached signature of this file.", valueName: "file")) var file: String?
        @Option(help: ArgumentHelp("eth (default) or cosmos.", valueName: "scheme")) var scheme: Scheme = .eth
        @Option(help: ArgumentHelp("Requests expire this long after signing ('expires'), e.g. 10m or 24h.", valueName: "duration"))
        var ttl: String?
        @OptionGroup var lines: LineInput

        func run() throws {
            let lifetime = try ttl.map { text throws -> TimeSpan in
                guard let span = TimeSpan(parsing: text), span.milliseconds > 0 else {
                    throw ValidationError("--ttl '\(text)' is not a positive duration such as 90s, 10m or 24h")
                }
                return span
            }
            let k = try key.load()
            if let hash {
                guard let digest = [UInt8](hex: hash), digest.count == 32 else { throw ValidationError("--hash must be 32 bytes of hex") }
                let sig = Secp256k1.sign(digest: digest, key: k)
                return emit(["type": "signature", "scheme": "eth", "hash": .string("0x" + digest.hexString), "signature": .string(sig.hex),
                             "address": .string(k.address)])
            }
            if let message {
                switch scheme {
                case .eth:
                    let sig = Secp256k1.sign(digest: PersonalMessage.hash(message), key: k)
                    return emit(["type": "signature", "scheme": "eth", "message": .string(message), "signature": .string(sig.hex),
                                 "address": .string(k.address)])
                case .cosmos:
                    let sig = Secp256k1.signCosmos(message: Array(message.utf8), key: k)
                    return emit(["type": "signature", "scheme": "cosmos", "message": .string(message), "signature": .string(Base64.encode(sig)),
                                 "pubkey": .string(Base64.encode(k.publicKeyCompressed))])
                }
            }
            if let file {
                let bytes = try SignCommand.run { try readWhole(file) }
                let sha = SHA256Hasher.hash(bytes).hexString
                switch scheme {
                case .eth:
                    let sig = Secp256k1.sign(digest: PersonalMessage.hash(bytes), key: k)
                    return emit(["type": "signature", "scheme": "eth", "file": .string(file), "sha256": .string(sha), "signature": .string(sig.hex),
                                 "address": .string(k.address)])
                case .cosmos:
                    let sig = Secp256k1.signCosmos(message: bytes, key: k)
                    return emit(["type": "signature", "scheme": "cosmos", "file": .string(file), "sha256": .string(sha),
                                 "signature": .string(Base64.encode(sig)), "pubkey": .string(Base64.encode(k.publicKeyCompressed))])
                }
            }
            guard scheme == .eth else { throw ValidationError("requests are signed with --scheme eth") }
            var chain = chainID
            if chain == nil, let ledger {
                chain = try SignCommand.run { try Ledger.open(path: ledger, readOnly: true).info.chainID }
            }
            let signer = RequestSigner(key: k)
            let nonces = try SignCommand.run { try NonceAllocator(address: k.address) }
            let fd = try lines.open { SignCommand.helpMessage(for: SignVerb.self) }
            let status = LineStage.run(program: "pandactl-sign", fd: fd) { object, line in
                if case .record = try RecordTypes.classify(object) { return .passThrough }
                var request = object
                if let lifetime, request["expires"] == nil {
                    request["expires"] = .string(Timestamp(milliseconds: Timestamp.now().milliseconds + lifetime.milliseconds).rfc3339)
                }
                let nonce = request["nonce"] == nil ? try nonces.next() : 0
                return .record(try signer.sign(request, nonce: nonce, chainID: chain))
            }
            SignOutput.finish()
            if status != .ok { throw ExitCode(status.rawValue) }
        }
    }

    // MARK: verify / recover

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify signatures: signed requests on stdin, or a message, hash or file given by flags.",
            discussion: """
                For each signed request line prints {"type":"verified","line":N,"ok":true|false,"address":...} \
                (ok when the signature is valid, low-S, by 'from', and for --chain-id's chain when given). Cosmos \
                lines {"message","signature","pubkey"} (base64) are checked as SHA-256 compact signatures. Exit 0 \
                when all verify, 1 otherwise.
                """)
        @Option(name: .customLong("chain-id"), help: ArgumentHelp("Also require this chain id.", valueName: "id")) var chainID: String?
        @Option(help: ArgumentHelp("eth (default) or cosmos.", valueName: "scheme")) var scheme: Scheme = .eth
        @Option(help: ArgumentHelp("The signed message text.", valueName: "text")) var message: String?
        @Option(help: ArgumentHelp("The signed 32-byte hash (0x hex).", valueName: "hex")) var hash: String?
        @Option(help: ArgumentHelp("The signed file (detached signature).", valueName: "file")) var file: String?
        @Option(help: ArgumentHelp("The signature: 0x hex (eth) or base64 (cosmos).", valueName: "sig")) var signature: String?
        @Option(help: ArgumentHelp("The expected signer address (eth).", valueName: "address")) var address: String?
        @Option(help: ArgumentHelp("The signer's compressed public key, base64 (cosmos).", valueName: "base64")) var pubkey: String?
        @Option(help: ArgumentHelp("Verify on this many threads (default: 1; output stays in input order).", valueName: "n")) var jobs: Int = 1
        @OptionGroup var lines: LineInput

        func run() throws {
            if message != nil || hash != nil || file != nil {
                let ok = try verifyFlags()
                if !ok { throw ExitCode(ExitStatus.rejected.rawValue) }
                return
            }
            guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be 1 to 256") }
            let scheme = self.scheme, chainID = self.chainID
            let fd = try lines.open { SignCommand.helpMessage(for: Verify.self) }
            let status = LineStage.runParallel(program: "pandactl-sign verify", fd: fd, jobs: jobs) { object, line in
                if case .record = try RecordTypes.classify(object) { return .skip }
                var out: JSONObject = ["type": "verified", "line": .number(JSONNumber(line))]
                if scheme == .cosmos || (object["pubkey"] != nil && object["message"] != nil) {
                    let ok = cosmosVerify(message: try Request(object: object).requireString("message"),
                                          signature: try Request(object: object).requireString("signature"),
                                          pubkey: try Request(object: object).requireString("pubkey"))
                    out["ok"] = .bool(ok)
                    if !ok { out["reason"] = "signature does not verify for this message and public key" }
                    return .verdict(out, ok)
                }
                do {
                    let signer = try RequestSigning.signer(of: object)
                    out["address"] = .string(signer)
                    // `from` written as signers write it (checksummed) is the signer's text: no second checksum.
                    if case .string(let text)? = object["from"], text == signer {} else {
                        let from = try RequestSigning.sender(of: object)
                        if from != signer { throw PandaError(.bad_signature, "signed by \(signer), not by its 'from' \(from)") }
                    }
                    if let chainID {
                        let chain = try Request(object: object).string("chain")
                        if chain != chainID { throw PandaError(.wrong_chain, "the request is for chain '\(chain ?? "")', expected '\(chainID)'") }
                    }
                    out["ok"] = true
                    return .verdict(out, true)
                } catch {
                    let e = error as? PandaError ?? PandaError(.bad_signature, "\(error)")
                    out["ok"] = false
                    out["code"] = .string(e.code.rawValue)
                    out["reason"] = .string(e.message)
                    return .verdict(out, false)
                }
            }
            SignOutput.finish()
            if status != .ok { throw ExitCode(status.rawValue) }
        }

        private func verifyFlags() throws -> Bool {
            guard let signature else { throw ValidationError("--signature is required with --message, --hash or --file") }
            var content: [UInt8]? = nil
            if let message { content = Array(message.utf8) }
            if let file { content = try SignCommand.run { try readWhole(file) } }
            if scheme == .cosmos {
                guard let content, let pubkey else { throw ValidationError("--scheme cosmos needs --message or --file, and --pubkey") }
                let ok = cosmosVerify(message: content, signature: signature, pubkey: pubkey)
                emit(["type": "verified", "ok": .bool(ok)])
                return ok
            }
            let digest: [UInt8]
            if let hash {
                guard let d = [UInt8](hex: hash), d.count == 32 else { throw ValidationError("--hash must be 32 bytes of hex") }
                digest = d
            } else {
                digest = PersonalMessage.hash(content ?? [])
            }
            var out: JSONObject = ["type": "verified"]
            do {
                let sig = try Signature(hex: signature)
                let signer = try Secp256k1.recoverAddress(digest: digest, signature: sig)
                out["address"] = .string(signer)
                let ok = address.map { Address.parse($0) == signer } ?? true
                out["ok"] = .bool(ok)
                if !ok { out["reason"] = .string("signed by \(signer), not \(address ?? "")") }
                emit(out)
                return ok
            } catch {
                out["ok"] = false
                out["code"] = .string(error.code.rawValue)
                out["reason"] = .string(error.message)
                emit(out)
                return false
            }
        }
    }

    struct Recover: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recover the signer of each signed request on stdin, or of a message or hash.",
            discussion: "Prints {\"type\":\"recovered\",\"line\":N,\"address\":...} per line; an error record for a bad signature.")
        @Option(help: ArgumentHelp("The signed message text.", valueName: "text")) var message: String?
        @Option(help: ArgumentHelp("The signed 32-byte hash (0x hex).", valueName: "hex")) var hash: String?
        @Option(help: ArgumentHelp("The signature (0x hex).", valueName: "sig")) var signature: String?
        @OptionGroup var lines: LineInput

        func run() throws {
            if message != nil || hash != nil {
                guard let signature else { throw ValidationError("--signature is required with --message or --hash") }
                let digest: [UInt8]
                if let hash {
                    guard let d = [UInt8](hex: hash), d.count == 32 else { throw ValidationError("--hash must be 32 bytes of hex") }
                    digest = d
                } else {
                    digest = PersonalMessage.hash(message ?? "")
                }
                let signer = try SignCommand.run { try Secp256k1.recoverAddress(digest: digest, signature: try Signature(hex: signature)) }
                return emit(["type": "recovered", "address": .string(signer)])
            }
            let fd = try lines.open { SignCommand.helpMessage(for: Recover.self) }
            let status = LineStage.run(program: "pandactl-sign recover", fd: fd) { object, line in
                if case .record = try RecordTypes.classify(object) { return .skip }
                return .record(["type": "recovered", "line": .number(JSONNumber(line)), "address": .string(try RequestSigning.signer(of: object))])
            }
            SignOutput.finish()
            if status != .ok { throw ExitCode(status.rawValue) }
        }
    }

    /// Runs a throwing key/crypto call; a PandaError prints its error record and exits with its status.
    static func run<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as PandaError {
            emitError(e)
            throw ExitCode(e.code.exitStatus.rawValue)
        }
    }
}

func cosmosVerify(message: String, signature: String, pubkey: String) -> Bool {
    cosmosVerify(message: Array(message.utf8), signature: signature, pubkey: pubkey)
}

func cosmosVerify(message: [UInt8], signature: String, pubkey: String) -> Bool {
    guard let sig = Base64.decode(signature), let key = Base64.decode(pubkey) else { return false }
    return Secp256k1.verifyCosmos(message: message, signature64: sig, publicKey33: key)
}

/// `--format` of `pandactl-sign`'s line verbs: JSON lines as they come, or one table at the end.
enum SignOutput {
    nonisolated(unsafe) static var format: OutputFormat = .jsonl
    nonisolated(unsafe) static var collected: [JSONObject] = []

    /// Prints the table of what was collected (table format); nothing otherwise.
    static func finish() {
        guard format == .table, !collected.isEmpty else { return }
        let w = OutputWriter(fd: 1)
        w.write(TableFormatter.render(collected))
        try? w.flush()
        collected.removeAll()
    }
}

/// Writes one record as a JSON line on stdout (or keeps it for the table).
func emit(_ record: JSONObject) {
    if SignOutput.format == .table { SignOutput.collected.append(record); return }
    var out: [UInt8] = []
    JSONWriter.write(.object(record), into: &out)
    out.append(0x0A)
    let w = OutputWriter(fd: 1)
    w.write(out)
    try? w.flush()
}

func emitError(_ e: PandaError, line: Int? = nil, program: String = "pandactl-sign") {
    var o: JSONObject = ["type": "error"]
    if let line { o["line"] = .number(JSONNumber(line)) }
    o["code"] = .string(e.code.rawValue)
    o["message"] = .string(e.message)
    emit(o)
    Environment.printError("\(program): \(line.map { "line \($0): " } ?? "")\(e.code.rawValue): \(e.message)")
}

func readWhole(_ path: String) throws(PandaError) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw PandaError(.io_error, "cannot read '\(path)': \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 { if errno == EINTR { continue }; throw PandaError(.io_error, "reading '\(path)': \(String(cString: strerror(errno)))") }
        if n == 0 { return out }
        out += buf[0..<n]
    }
}

/// Per-line results filled in by worker threads; each slot is written by exactly one worker.
final class ResultSlots: @unchecked Sendable {
    private var slots: [Result<LineStage.Outcome, PandaError>]
    private let base: UnsafeMutablePointer<Result<LineStage.Outcome, PandaError>>
    init(count: Int) {
        slots = []
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: .success(.skip), count: max(count, 1))
        self.count = max(count, 1)
    }
    private let count: Int
    deinit { base.deinitialize(count: count); base.deallocate() }
    func set(_ i: Int, _ r: Result<LineStage.Outcome, PandaError>) { base[i] = r }
    func get(_ i: Int) -> Result<LineStage.Outcome, PandaError> { base[i] }
}

/// A stdin-to-stdout stage over JSON lines for programs without a ledger (`pandactl-sign`).
enum LineStage {
    enum Outcome: @unchecked Sendable {
        case record(JSONObject)
        /// A verdict record; `false` makes the exit status 1.
        case verdict(JSONObject, Bool)
        case passThrough
        case skip
    }

    /// Runs `body` over the lines of stdin on `jobs` threads, writing results in input order.
    static func runParallel(program: String, fd: Int32, jobs: Int, _ body: @escaping @Sendable (JSONObject, Int) throws -> Outcome) -> ExitStatus {
        if jobs <= 1 { return run(program: program, fd: fd, body) }
        let reader = LineReader(fd: fd)
        let out = OutputWriter(fd: 1)
        var failed = false
        var done = false
        let chunkSize = 2048
        while !done {
            // Copy a chunk of lines (the reader's buffer is reused), then work on it in parallel.
            var lines: [(Int, [UInt8])] = []
            var tooLong: Set<Int> = []
            lines.reserveCapacity(chunkSize)
            while lines.count < chunkSize {
                let raw: RawLine?
                do { raw = try reader.next() } catch {
                    emitError(PandaError(.io_error, "reading input: \(error.description)"), program: program)
                    return .ioError
                }
                guard let raw else { done = true; break }
                if raw.tooLong { lines.append((raw.number, [])); tooLong.insert(raw.number); continue }
                if raw.isBlank { continue }
                lines.append((raw.number, Array(raw.bytes)))
                // Go on reading while more input is already waiting; otherwise work on what we have
                // (a slow producer must not wait for a full chunk).
                if !reader.hasBufferedLine && !inputWaiting(reader.fd) { break }
            }
            let results = ResultSlots(count: lines.count)
            let input = lines, overlong = tooLong
            DispatchQueue.concurrentPerform(iterations: jobs) { worker in
                var i = worker
                while i < input.count {
                    let (number, bytes) = input[i]
                    results.set(i, overlong.contains(number)
                        ? .failure(PandaError(.line_too_long, "line is longer than the 16 MiB limit"))
                        : bytes.withUnsafeBytes { evaluate($0, line: number, body) })
                    i += jobs
                }
            }
            for (i, (number, raw)) in lines.enumerated() {
                let ok = raw.withUnsafeBytes { write(results.get(i), line: number, raw: $0, to: out, program: program) }
                if !ok { failed = true }
            }
            try? out.flush()
        }
        return failed ? .rejected : .ok
    }

    /// Parses one line and runs `body` on it; every failure becomes the error record's PandaError.
    private static func evaluate(_ bytes: UnsafeRawBufferPointer, line: Int, _ body: (JSONObject, Int) throws -> Outcome) -> Result<Outcome, PandaError> {
        do {
            let value = try JSONParser.parse(bytes)
            guard case .object(let object) = value else { throw PandaError(.invalid_request, "a line must be a JSON object, got \(value.kindName)") }
            return .success(try body(object, line))
        } catch {
            return .failure((error as? PandaError) ?? (error as? JSONParseError).map { PandaError(.malformed_json, "not valid JSON: \($0.message)") }
                ?? PandaError(.internal_error, "\(error)"))
        }
    }

    /// Writes what one line produced; returns false when the line counts as failed.
    private static func write(_ result: Result<Outcome, PandaError>, line: Int, raw: UnsafeRawBufferPointer, to out: OutputWriter, program: String) -> Bool {
        switch result {
        case .success(.record(let r)) where SignOutput.format == .table: emit(r); return true
        case .success(.verdict(let r, let ok)) where SignOutput.format == .table: emit(r); return ok
        case .success(.passThrough) where SignOutput.format == .table:
            if let o = try? JSONParser.parse(raw).objectValue { emit(o) }
            return true
        case .success(.record(let r)): out.write(encode(r)); return true
        case .success(.verdict(let r, let ok)): out.write(encode(r)); return ok
        case .success(.passThrough): out.write(raw); out.write([0x0A]); return true
        case .success(.skip): return true
        case .failure(let e): try? out.flush(); emitError(e, line: line, program: program); return false
        }
    }

    /// True when reading `fd` would not block (data or end of input is waiting).
    private static func inputWaiting(_ fd: Int32) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, 0) > 0
    }

    private static func encode(_ o: JSONObject) -> [UInt8] {
        var b: [UInt8] = []
        JSONWriter.write(.object(o), into: &b)
        b.append(0x0A)
        return b
    }

    static func run(program: String, fd: Int32, _ body: (JSONObject, Int) throws -> Outcome) -> ExitStatus {
        let reader = LineReader(fd: fd)
        let out = OutputWriter(fd: 1)
        var failed = false
        while true {
            let raw: RawLine?
            do { raw = try reader.next() } catch {
                emitError(PandaError(.io_error, "reading input: \(error.description)"), program: program)
                return .ioError
            }
            guard let raw else { break }
            if !raw.tooLong && raw.isBlank { continue }
            let result = raw.tooLong
                ? .failure(PandaError(.line_too_long, "line is longer than the 16 MiB limit")) : evaluate(raw.bytes, line: raw.number, body)
            if !write(result, line: raw.number, raw: raw.bytes, to: out, program: program) { failed = true }
            if !reader.hasBufferedLine { try? out.flush() }
        }
        try? out.flush()
        return failed ? .rejected : .ok
    }
}
