#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CArchive
import Learning
import PandaCore
import PandaCrypto

/// A signed model bundle: a tar archive (zstd, or gzip for `.tar.gz`/`.tgz`) written with libarchive,
/// holding `model.json` (the fitted model's exact text), `manifest.json` (what the model is, with the
/// keccak-256 and size of `model.json`) and `manifest.sig` (the owner's EIP-191 signature over the
/// manifest's bytes, detached from it). `verify` checks all three before anything is used, so an edge
/// device can serve a bundle with no ledger.
public struct ModelBundle: Sendable {
    public static let format = "pandactl-model-bundle/1"
    static let modelEntry = "model.json", manifestEntry = "manifest.json", signatureEntry = "manifest.sig"
    static let maxEntryBytes = 16 << 20

    public var manifest: JSONObject
    public var model: FittedModel
    /// The address that signed the manifest (the model's owner).
    public var signer: String

    public var symbol: String { manifest["symbol"]?.stringValue ?? "" }
    public var version: Int64 { manifest["version"]?.numberValue?.int64Value ?? 0 }
    public var modelHash: String { manifest["model_hash"]?.stringValue ?? "" }
    public var chainID: String { manifest["chain_id"]?.stringValue ?? "" }
    public var inferenceFee: Amount { (try? Amount(parsing: manifest["inference_fee"]?.stringValue ?? "0")) ?? .zero }

    /// Writes the bundle of `version` of model `m` to `path` (refusing to overwrite), signed with `key`,
    /// which must be the owner's on a signed ledger (on an open ledger, whose owners are names, the key
    /// signs as the owner and the manifest names both). Returns the `bundle` record's fields.
    static func export(_ v: ModelVersion, model m: ModelRecord, chainID: String, signedLedger: Bool, key: PrivateKey, to path: String,
                       now: Timestamp) throws -> JSONObject {
        guard !signedLedger || key.address == m.owner else {
            throw PandaError(.not_authorized, "a bundle of \(m.symbol) is signed by its owner \(m.owner); the key is \(key.address)")
        }
        guard !Ledger.fileExists(path) else { throw PandaError(.file_exists, "'\(path)' already exists (refusing to overwrite it)") }
        let modelBytes = Array(v.model.utf8)
        var manifest = v.fields
        manifest.merge([
            "format": .string(format), "owner": .string(key.address), "ledger_owner": .string(m.owner), "chain_id": .string(chainID), "name": .string(m.name),
            "inference_fee": .string(m.inferenceFee.description), "exported_at": .string(now.rfc3339),
            "files": .object([modelEntry: .object(["bytes": .number(JSONNumber(modelBytes.count)),
                                                   "keccak256": .string("0x" + Keccak256.hash(modelBytes).hexString)])]),
        ])
        let manifestBytes = Array(JSONWriter.string(.object(manifest), sortedKeys: true).utf8)
        let signature = Secp256k1.sign(digest: PersonalMessage.hash(manifestBytes), key: key)
        let sigBytes = Array(JSONWriter.string(.object(["address": .string(key.address), "signature": .string(signature.hex)]), sortedKeys: true).utf8)
        let compression: Backup.Compression = Backup.compression(forPath: path) == .gzip ? .gzip : .zstd
        try Backup.writeArchive(path, compression: compression, what: "bundle", now: now) { archive throws(PandaError) in
            for (name, bytes) in [(manifestEntry, manifestBytes), (modelEntry, modelBytes), (signatureEntry, sigBytes)] {
                try archive.add(name, bytes: bytes, perm: 0o644)
            }
        }
        return ["file": .string(path), "symbol": .string(v.symbol), "version": .number(JSONNumber(v.version)), "model_hash": .string(v.modelHash),
                "signer": .string(key.address), "compression": .string(Backup.compression(forPath: path) == .gzip ? "gzip" : "zstd")]
    }

    /// Reads and verifies a bundle: every file present, `model.json` matching the manifest's hash and size
    /// and `model_hash`, the signature recovering to the manifest's owner (and to `expectedSigner` when
    /// given). Errors: `io_error` (unreadable or missing file), `bad_bundle` (anything else).
    public static func verify(path: String, expectedSigner: String? = nil) throws -> ModelBundle {
        guard Ledger.fileExists(path) else { throw PandaError(.io_error, "bundle '\(path)' does not exist") }
        let entries = try readArchive(path)
        func entry(_ name: String) throws -> [UInt8] {
            guard let bytes = entries[name] else { throw PandaError(.bad_bundle, "'\(path)' has no \(name): not a complete pandactl model bundle") }
            return bytes
        }
        let manifestBytes = try entry(manifestEntry), modelBytes = try entry(modelEntry), sigBytes = try entry(signatureEntry)
        guard let manifest = try? JSONParser.parse(manifestBytes).objectValue, manifest["format"]?.stringValue == format else {
            throw PandaError(.bad_bundle, "'\(path)': \(manifestEntry) is not a \(format) manifest")
        }
        guard let sig = try? JSONParser.parse(sigBytes).objectValue, let sigText = sig["signature"]?.stringValue,
            let signature = try? Signature(hex: sigText)
        else { throw PandaError(.bad_bundle, "'\(path)': \(signatureEntry) does not hold a signature") }
        let signer: String
        do { signer = try Secp256k1.recoverAddress(digest: PersonalMessage.hash(manifestBytes), signature: signature) } catch {
            throw PandaError(.bad_bundle, "'\(path)': the signature does not verify")
        }
        let owner = manifest["owner"]?.stringValue ?? ""
        guard signer == owner else { throw PandaError(.bad_bundle, "'\(path)' is signed by \(signer), not by the model's owner \(owner)") }
        if let expectedSigner, expectedSigner.lowercased() != signer.lowercased() {
            throw PandaError(.bad_bundle, "'\(path)' is signed by \(signer), not by \(expectedSigner)")
        }
        let hash = "0x" + Keccak256.hash(modelBytes).hexString
        let file = manifest["files"]?.objectValue?[modelEntry]?.objectValue
        guard file?["keccak256"]?.stringValue == hash, file?["bytes"]?.numberValue?.int64Value == Int64(modelBytes.count),
            manifest["model_hash"]?.stringValue == hash
        else { throw PandaError(.bad_bundle, "'\(path)': \(modelEntry) does not match the signed manifest (hash \(hash))") }
        let model: FittedModel
        do { model = try FittedModel(decoding: String(decoding: modelBytes, as: UTF8.self)) } catch {
            throw PandaError(.bad_bundle, "'\(path)': \(modelEntry) is not a fitted model")
        }
        return ModelBundle(manifest: manifest, model: model, signer: signer)
    }

    /// The `import` request for this bundle's model (the receiving ledger checks the owner).
    public var importRequest: JSONObject {
        var o: JSONObject = ["op": "import", "symbol": .string(symbol), "model": .string(model.encoded), "bundle_signer": .string(signer)]
        for key in ["algo", "rows", "holdout_rows", "features", "r2", "accuracy", "data_hash", "contributor"] {
            if let v = manifest[key], !v.isNull { o[key] = v }
        }
        return o
    }

    // MARK: Archive I/O

    static func readArchive(_ path: String) throws -> [String: [UInt8]] {
        guard let a = archive_read_new() else { throw PandaError(.internal_error, "libarchive: out of memory") }
        defer { archive_read_free(a) }
        archive_read_support_filter_all(a)
        archive_read_support_format_tar(a)
        guard archive_read_open_filename(a, path, 1 << 16) == ARCHIVE_OK else {
            throw PandaError(.bad_bundle, "'\(path)' is not a readable bundle: \(String(cString: archive_error_string(a)))")
        }
        var out: [String: [UInt8]] = [:]
        var entry: OpaquePointer?
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let rc = archive_read_next_header(a, &entry)
            if rc == ARCHIVE_EOF { break }
            guard rc == ARCHIVE_OK || rc == ARCHIVE_WARN, let entry else {
                throw PandaError(.bad_bundle, "'\(path)' is damaged: \(String(cString: archive_error_string(a)))")
            }
            let name = String(cString: archive_entry_pathname(entry))
            guard out[name] == nil else { throw PandaError(.bad_bundle, "'\(path)' holds \(name) twice") }
            var bytes: [UInt8] = []
            while true {
                let n = buf.withUnsafeMutableBytes { archive_read_data(a, $0.baseAddress, $0.count) }
                if n == 0 { break }
                guard n > 0 else { throw PandaError(.bad_bundle, "'\(path)' is damaged: \(String(cString: archive_error_string(a)))") }
                bytes += buf[0..<n]
                guard bytes.count <= maxEntryBytes else { throw PandaError(.bad_bundle, "'\(path)': \(name) is larger than a model bundle holds") }
            }
            out[name] = bytes
        }
        return out
    }
}
