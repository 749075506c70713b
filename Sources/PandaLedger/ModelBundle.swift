#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Learning
import PandaCore
import PandaCrypto

/// A signed model bundle: a tar archive in one checksummed zstd frame, sealed (`BundleArchive`),
/// holding `model.json` (the fitted model's exact text), `manifest.json` (what the model is, with the
/// keccak-256 and size of `model.json`) and `manifest.sig` (the owner's EIP-191 signature over the
/// manifest's bytes, detached from it). `verify` checks all three before anything is used, so an edge
/// device can serve a bundle with no ledger.
public struct ModelBundle: Sendable {
    public static let format = "pandactl-model-bundle/1"
    static let modelEntry = "model.json", manifestEntry = "manifest.json", signatureEntry = "manifest.sig"

    public var manifest: JSONObject
    public var model: FittedModel
    /// The address that signed the manifest (the model's owner).
    public var signer: String

    public var symbol: String { manifest["symbol"]?.stringValue ?? "" }
    public var version: Int64 { manifest["version"]?.numberValue?.int64Value ?? 0 }
    public var modelHash: String { manifest["model_hash"]?.stringValue ?? "" }
    public var chainID: String { manifest["chain_id"]?.stringValue ?? "" }
    public var inferenceFee: Amount { (try? Amount(parsing: manifest["inference_fee"]?.stringValue ?? "0")) ?? .zero }

    /// Writes the bundle of version `v` of a model (its ledger `owner`, `name` and fee) to `path` (refusing to overwrite), signed with `key`,
    /// which must be the owner's on a signed ledger (on an open ledger, whose owners are names, the key
    /// signs as the owner and the manifest names both). Returns the `bundle` record's fields.
    static func export(_ v: ModelVersion, owner: String, name: String, inferenceFee: Amount, chainID: String, signedLedger: Bool,
                       key: PrivateKey, to path: String, now: Timestamp) throws -> JSONObject {
        guard !signedLedger || key.address == owner else {
            throw PandaError(.not_authorized, "a bundle of \(v.symbol) is signed by its owner \(owner); the key is \(key.address)")
        }
        guard !Ledger.fileExists(path) else { throw PandaError(.file_exists, "'\(path)' already exists (refusing to overwrite it)") }
        guard Backup.compression(forPath: path) == .zstd, !path.hasSuffix(".tar") else {
            throw PandaError(.invalid_request, "a bundle is a zstd tar with its checksum and seal: name it .tar.zst, not '\(path)'", field: "out")
        }
        try BundleArchive.writeFile(path, try bytes(v, owner: owner, name: name, inferenceFee: inferenceFee, chainID: chainID, key: key, now: now))
        return ["file": .string(path), "symbol": .string(v.symbol), "version": .number(JSONNumber(v.version)), "model_hash": .string(v.modelHash),
                "signer": .string(key.address), "compression": .string("zstd")]
    }

    /// The bundle file's bytes: `v`'s manifest (with the model's ledger owner, name and fee) signed with `key`.
    static func bytes(_ v: ModelVersion, owner: String, name: String, inferenceFee: Amount, chainID: String, key: PrivateKey,
                      now: Timestamp) throws(PandaError) -> [UInt8] {
        let modelBytes = Array(v.model.utf8)
        var manifest = v.fields
        manifest.merge([
            "format": .string(format), "owner": .string(key.address), "ledger_owner": .string(owner), "chain_id": .string(chainID), "name": .string(name),
            "inference_fee": .string(inferenceFee.description), "exported_at": .string(now.rfc3339),
            "files": .object([modelEntry: .object(["bytes": .number(JSONNumber(modelBytes.count)),
                                                   "keccak256": .string("0x" + Keccak256.hash(modelBytes).hexString)])]),
        ])
        try checkManifestFields(manifest)
        let manifestBytes = Array(JSONWriter.string(.object(manifest), sortedKeys: true).utf8)
        let signature = Secp256k1.sign(digest: PersonalMessage.hash(manifestBytes), key: key)
        let sigBytes = Array(JSONWriter.string(.object(["address": .string(key.address), "signature": .string(signature.hex)]), sortedKeys: true).utf8)
        let archive = BundleArchive.tar([(manifestEntry, manifestBytes), (modelEntry, modelBytes), (signatureEntry, sigBytes)],
                                        mtime: now.milliseconds / 1000)
        return try BundleArchive.seal(archive)
    }

    /// Reads and verifies a bundle: byte for byte as `export` writes it (`BundleArchive`: one checksummed
    /// zstd frame and its seal, the three members in order with nothing else), `manifest.json` and
    /// `manifest.sig` in canonical form with exactly their fields, `model.json` matching the manifest's
    /// hash, size and `model_hash`, the signature recovering to the manifest's owner (and to
    /// `expectedSigner` when given). Errors: `io_error` (unreadable or missing file), `bad_bundle`
    /// (anything else).
    public static func verify(path: String, expectedSigner: String? = nil) throws -> ModelBundle {
        guard Ledger.fileExists(path) else { throw PandaError(.io_error, "bundle '\(path)' does not exist") }
        return try verify(bytes: try BundleArchive.readFile(path), name: path, expectedSigner: expectedSigner)
    }

    /// `verify` of a bundle's bytes (`name` names it in errors).
    public static func verify(bytes file: [UInt8], name path: String, expectedSigner: String? = nil) throws(PandaError) -> ModelBundle {
        func bad(_ why: String) -> PandaError { PandaError(.bad_bundle, "'\(path)': \(why)") }
        let members: [(name: String, bytes: [UInt8])], mtime: Int64
        do {
            (members, mtime) = try BundleArchive.members(try BundleArchive.unseal(file), names: [manifestEntry, modelEntry, signatureEntry])
        } catch {
            throw bad("not a pandactl model bundle as written: \(error.message)")
        }
        let manifestBytes = members[0].bytes, modelBytes = members[1].bytes, sigBytes = members[2].bytes
        guard let manifest = try? JSONParser.parse(manifestBytes).objectValue, manifest["format"]?.stringValue == format else {
            throw bad("\(manifestEntry) is not a \(format) manifest")
        }
        guard Array(JSONWriter.string(.object(manifest), sortedKeys: true).utf8) == manifestBytes else {
            throw bad("\(manifestEntry) is not in canonical form (sorted keys, no spaces)")
        }
        do { try checkManifestFields(manifest) } catch { throw bad(error.message) }
        guard let exported = manifest["exported_at"]?.stringValue.flatMap({ Timestamp(rfc3339: $0) }), exported.milliseconds / 1000 == mtime else {
            throw bad("the archive's dates are not the manifest's exported_at")
        }
        guard let sig = try? JSONParser.parse(sigBytes).objectValue, sig.count == 2, let sigText = sig["signature"]?.stringValue,
            let sigAddress = sig["address"]?.stringValue, let signature = try? Signature(hex: sigText)
        else { throw bad("\(signatureEntry) must hold exactly an address and a signature") }
        let signer: String
        do { signer = try Secp256k1.recoverAddress(digest: PersonalMessage.hash(manifestBytes), signature: signature) } catch {
            throw bad("the signature does not verify")
        }
        let canonicalSig = JSONWriter.string(.object(["address": .string(signer), "signature": .string(signature.hex)]), sortedKeys: true)
        guard sigAddress == signer, Array(canonicalSig.utf8) == sigBytes else {
            throw bad("\(signatureEntry) is not exactly the signer's address and signature as written (signed by \(signer))")
        }
        let owner = manifest["owner"]?.stringValue ?? ""
        guard signer == owner else { throw bad("signed by \(signer), not by the model's owner \(owner)") }
        if let expectedSigner, expectedSigner.lowercased() != signer.lowercased() {
            throw bad("signed by \(signer), not by \(expectedSigner)")
        }
        let hash = "0x" + Keccak256.hash(modelBytes).hexString
        let file = manifest["files"]?.objectValue?[modelEntry]?.objectValue
        guard file?["keccak256"]?.stringValue == hash, file?["bytes"]?.numberValue?.int64Value == Int64(modelBytes.count),
            manifest["model_hash"]?.stringValue == hash
        else { throw bad("\(modelEntry) does not match the signed manifest (hash \(hash))") }
        let model: FittedModel
        do { model = try FittedModel(decoding: String(decoding: modelBytes, as: UTF8.self)) } catch {
            throw bad("\(modelEntry) is not a fitted model")
        }
        return ModelBundle(manifest: manifest, model: model, signer: signer)
    }

    /// The manifest's members: these, each once, and no others (`r2` only for models that have it).
    static let manifestFields: Set<String> = [
        "format", "symbol", "version", "algo", "rows", "holdout_rows", "features", "accuracy", "improvement_bps", "model_hash",
        "data_hash", "contributor", "trained_at", "owner", "ledger_owner", "chain_id", "name", "inference_fee", "exported_at", "files",
    ]
    static let optionalManifestFields: Set<String> = ["r2"]

    /// Refuses a manifest with a missing or an unknown field, or with a `files` member other than
    /// `{"model.json": {"bytes", "keccak256"}}`.
    static func checkManifestFields(_ manifest: JSONObject) throws(PandaError) {
        let keys = Set(manifest.keys)
        if let missing = manifestFields.subtracting(keys).sorted().first {
            throw PandaError(.bad_bundle, "\(manifestEntry) has no '\(missing)'")
        }
        if let unknown = keys.subtracting(manifestFields).subtracting(optionalManifestFields).sorted().first {
            throw PandaError(.bad_bundle, "\(manifestEntry) has an unknown field '\(unknown)'")
        }
        guard let files = manifest["files"]?.objectValue, files.count == 1, let file = files[modelEntry]?.objectValue,
            Set(file.keys) == ["bytes", "keccak256"]
        else { throw PandaError(.bad_bundle, "\(manifestEntry)'s files must be exactly {\"\(modelEntry)\": {\"bytes\", \"keccak256\"}}") }
    }

    /// The `import` request for this bundle's model (the receiving ledger checks the owner).
    public var importRequest: JSONObject {
        var o: JSONObject = ["op": "import", "symbol": .string(symbol), "model": .string(model.encoded), "bundle_signer": .string(signer)]
        for key in ["algo", "rows", "holdout_rows", "features", "r2", "accuracy", "data_hash", "contributor"] {
            if let v = manifest[key], !v.isNull { o[key] = v }
        }
        return o
    }
}
