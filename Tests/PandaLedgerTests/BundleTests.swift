import Learning
import PandaCore
import PandaCrypto
import Testing

@testable import PandaLedger

/// Byte-exact model bundles (issue 18): every one-bit flip of a small bundle refused, in-process
/// against the library reader; and what a forger could reseal (the seal is a checksum, not a
/// signature) refused by the strict archive and manifest rules.
@Suite("ModelBundle: byte-exact")
struct BundleTests {
    static let key = try! PrivateKey(bytes: SHA256Hasher.hash(Array("bundle test owner".utf8)))
    static let now = Timestamp(milliseconds: 1_796_000_000_123)

    static func version(coefficients: [Double] = [2, -3, 0.5]) -> ModelVersion {
        let model = FittedModel(algorithm: .linear, intercept: 1, coefficients: coefficients).encoded
        let hash = "0x" + Keccak256.hash(Array(model.utf8)).hexString
        return ModelVersion(symbol: "FNET", version: 1, algo: "linear", features: Int64(coefficients.count), rows: 300, holdoutRows: 0,
                            r2: "0.9999", accuracy: "99.99", improvementBps: nil, dataHash: "0x" + String(repeating: "ab", count: 32),
                            modelHash: hash, model: model, contributor: key.address, trainer: key.address, seq: 7, ts: now)
    }

    static func bundle(_ v: ModelVersion = version()) throws -> [UInt8] {
        try ModelBundle.bytes(v, owner: key.address, name: "F-Net", inferenceFee: Amount(units: 1_000), chainID: "test", key: key, now: now)
    }

    /// The bundle's error, or nil when it is accepted.
    static func refusal(_ bytes: [UInt8]) -> PandaError? {
        do throws(PandaError) {
            _ = try ModelBundle.verify(bytes: bytes, name: "b.tar.zst")
            return nil
        } catch {
            return error
        }
    }

    /// The three members of a bundle, in order.
    static func members(_ bytes: [UInt8]) throws -> [(name: String, bytes: [UInt8])] {
        try BundleArchive.members(try BundleArchive.unseal(bytes), names: ["manifest.json", "model.json", "manifest.sig"]).members
    }

    /// A bundle whose members are changed by `edit` and then archived and sealed as the writer does.
    static func resealed(_ edit: (inout [(name: String, bytes: [UInt8])]) throws -> Void) throws -> [UInt8] {
        var m = try members(try bundle())
        try edit(&m)
        return try BundleArchive.seal(BundleArchive.tar(m, mtime: now.milliseconds / 1000))
    }

    static func signed(_ manifest: String) -> [UInt8] {
        let sig = Secp256k1.sign(digest: PersonalMessage.hash(Array(manifest.utf8)), key: key)
        return Array(#"{"address":"\#(key.address)","signature":"\#(sig.hex)"}"#.utf8)
    }

    @Test func roundTripAndFormat() throws {
        let bytes = try Self.bundle()
        let b = try ModelBundle.verify(bytes: bytes, name: "b.tar.zst")
        #expect(b.signer == Self.key.address)
        #expect(b.symbol == "FNET")
        #expect(b.model.coefficients == [2, -3, 0.5])
        // One zstd frame with the checksum flag, then the 40-byte seal.
        #expect(Array(bytes[0..<4]) == [0x28, 0xB5, 0x2F, 0xFD])
        #expect(bytes[4] & 0x04 != 0)
        #expect(Array(bytes[(bytes.count - 40)..<(bytes.count - 32)]) == [0x5B, 0x2A, 0x4D, 0x18, 32, 0, 0, 0])
        // Deterministic: the same inputs give the same bytes.
        #expect(try Self.bundle() == bytes)
    }

    @Test func everyOneBitFlipIsRefused() throws {
        let bytes = try Self.bundle()
        #expect(Self.refusal(bytes) == nil)
        var accepted: [String] = []
        for i in 0..<bytes.count {
            for bit in 0..<8 {
                var b = bytes
                b[i] ^= 1 << UInt8(bit)
                if let error = Self.refusal(b) {
                    if error.code != .bad_bundle { accepted.append("byte \(i) bit \(bit): \(error.code)") }
                } else {
                    accepted.append("byte \(i) bit \(bit)")
                }
            }
        }
        #expect(accepted.isEmpty, "\(accepted.count) of \(bytes.count * 8) flips of a \(bytes.count)-byte bundle not refused as bad_bundle: \(accepted.prefix(20))")
    }

    /// A forger can recompute the seal: every one-bit flip of the archive inside, resealed, is refused too.
    @Test func everyResealedArchiveFlipIsRefused() throws {
        let archive = try BundleArchive.unseal(try Self.bundle())
        var accepted: [Int] = []
        for i in 0..<archive.count {
            var a = archive
            a[i] ^= 1 << UInt8(i % 8)
            let sealed = try BundleArchive.seal(a, level: 1)
            if Self.refusal(sealed) == nil { accepted.append(i) }
        }
        #expect(accepted.isEmpty, "resealed flips at archive bytes \(accepted.prefix(20)) accepted")
    }

    @Test func resealedForgeriesAreRefused() throws {
        let bytes = try Self.bundle()
        let m = try Self.members(bytes)
        let manifest = String(decoding: m[0].bytes, as: UTF8.self)
        let sigText = String(decoding: m[2].bytes, as: UTF8.self)
        let cases: [(String, [UInt8], String)] = [
            // manifest.sig: a misspelt, an extra or a missing key, spaces, another address.
            ("addrets", try Self.resealed { $0[2].bytes = Array(sigText.replacing("\"address\"", with: "\"addrets\"").utf8) },
             "exactly an address and a signature"),
            ("extra sig field", try Self.resealed { $0[2].bytes = Array(sigText.replacing("{", with: "{\"a\":1,").utf8) },
             "exactly an address and a signature"),
            ("spaces in sig", try Self.resealed { $0[2].bytes = Array(sigText.replacing(":", with: ": ").utf8) }, "as written"),
            ("other address", try Self.resealed {
                $0[2].bytes = Array(sigText.replacing(Self.key.address, with: "0x000000000000000000000000000000000000dEaD").utf8)
            }, "as written"),
            // manifest.json re-signed by the owner: an unknown field, a missing one, not canonical.
            ("unknown manifest field", try Self.resealed {
                let text = manifest.replacing("{\"accuracy\"", with: "{\"aaa\":1,\"accuracy\"")
                $0[0].bytes = Array(text.utf8); $0[2].bytes = Self.signed(text)
            }, "unknown field 'aaa'"),
            ("missing manifest field", try Self.resealed {
                var o = try #require(try JSONParser.parse($0[0].bytes).objectValue)
                o["name"] = nil
                let text = JSONWriter.string(.object(o), sortedKeys: true)
                $0[0].bytes = Array(text.utf8); $0[2].bytes = Self.signed(text)
            }, "has no 'name'"),
            ("manifest not canonical", try Self.resealed {
                let text = manifest.replacing(",", with: ", ")
                $0[0].bytes = Array(text.utf8); $0[2].bytes = Self.signed(text)
            }, "canonical"),
            // The archive: a member twice, in another order, another date, a tar record's padding.
            ("member twice", try BundleArchive.seal(BundleArchive.tar(m + [m[2]], mtime: Self.now.milliseconds / 1000)), "as written"),
            ("members reordered", try BundleArchive.seal(BundleArchive.tar([m[1], m[0], m[2]], mtime: Self.now.milliseconds / 1000)), "not manifest.json"),
            ("another date", try BundleArchive.seal(BundleArchive.tar(m, mtime: Self.now.milliseconds / 1000 + 1)), "exported_at"),
            ("padded to 10240", try BundleArchive.seal(BundleArchive.tar(m, mtime: Self.now.milliseconds / 1000) + [UInt8](repeating: 0, count: 10240 - 4096)),
             "as written"),
            // The container: no checksum, data after the seal, two seals, two frames, the old unsealed form.
            ("no zstd checksum", try BundleArchive.seal(BundleArchive.unseal(bytes), checksum: false), "content checksum"),
            ("trailing byte", bytes + [0], "seal"),
            ("sealed twice", try BundleArchive.sealBytes(of: bytes), "one zstd frame"),
            ("two frames", try BundleArchive.sealBytes(of: Array(bytes.dropLast(40)) + Array(bytes.dropLast(40))), "one zstd frame"),
            ("unsealed", Array(bytes.dropLast(40)), "seal"),
            ("empty", [], "too short"),
        ]
        for (what, forged, mention) in cases {
            let error = Self.refusal(forged)
            #expect(error?.code == .bad_bundle, "\(what): \(String(describing: error))")
            #expect(error?.message.contains(mention) == true, "\(what): \(error?.message ?? "accepted")")
        }
    }

    @Test func exportRefusesNamesOtherThanZstd() throws {
        for name in ["m.tar.gz", "m.tgz", "m.tar", "m.tar.xz"] {
            do {
                _ = try ModelBundle.export(Self.version(), owner: Self.key.address, name: "F-Net", inferenceFee: .zero, chainID: "test",
                                           signedLedger: true, key: Self.key, to: "/nonexistent-dir/\(name)", now: Self.now)
                Issue.record("\(name) accepted")
            } catch let e as PandaError {
                #expect(e.code == .invalid_request, "\(name): \(e)")
            }
        }
    }
}
