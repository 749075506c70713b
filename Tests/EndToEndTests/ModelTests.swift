#if canImport(Glibc)
import Glibc
#endif
import PandaCore
import Testing

/// Training, paid predictions, bundles and edge receipts through the binaries.
@Suite struct ModelEndToEnd {
    /// Deterministic rows: y = 2·x1 − 3·x2 + 0.5·x3 + 1 + noise (a small LCG, so no fixture file).
    static func rows(_ n: Int, seed: UInt64 = 7, label: Bool = true) -> String {
        var state = seed
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) * 20 - 10
        }
        var out = ""
        for _ in 0..<n {
            let x = [next(), next(), next()]
            let y = 2 * x[0] - 3 * x[1] + 0.5 * x[2] + 1 + next() * 0.01
            out += label ? #"{"features":[\#(x[0]),\#(x[1]),\#(x[2])],"label":\#(y)}"# + "\n" : #"{"features":[\#(x[0]),\#(x[1]),\#(x[2])]}"# + "\n"
        }
        return out
    }

    static func ledger() -> LedgerFixture {
        let l = LedgerFixture(funding: [("owner", "10"), ("app", "100"), ("alice", "1000"), ("bob", "1000")])
        precondition(Harness.run("pandactl-curve", ["create", "--symbol", "FNET", "--from", "owner", "--ledger", l.path]).status == 0)
        return l
    }

    @Test func trainPredictPaysHoldersAndRefusesBadInput() throws {
        let l = Self.ledger()
        let untrained = Harness.run("pandactl-predict", ["run", "--symbol", "FNET", "--features", "[1,2,3]", "--from", "app", "--ledger", l.path])
        #expect(untrained.status == 1)
        #expect(untrained.errorCodes == ["untrained"])
        let notOwner = Harness.run("pandactl-train", ["--symbol", "FNET", "--from", "alice", "--ledger", l.path], input: Self.rows(50))
        #expect(notOwner.status == 77)
        #expect(notOwner.errorCodes == ["not_authorized"])
        let fit = Harness.run("pandactl-train", ["--symbol", "FNET", "--from", "owner", "--contributor", "dana", "--ledger", l.path], input: Self.rows(500))
        #expect(fit.status == 0, "\(fit.stderr)")
        let trained = try #require(fit.records(ofType: "trained").first)
        #expect(trained["version"] == 1)
        #expect(trained["rows"] == 500)
        #expect(trained["features"] == 3)
        #expect(trained["improvement_bps"] == .null)
        #expect(trained["contributor"] == "dana")
        #expect((trained["r2"]?.numberValue?.doubleValue ?? 0) > 0.9999)
        // A second fit on more data: the improvement is measured against version 1.
        let second = Harness.run("pandactl-train", ["--symbol", "FNET", "--from", "owner", "--holdout", "0.25", "--ledger", l.path],
                                 input: Self.rows(800, seed: 9))
        #expect(second.records.first?["version"] == 2)
        #expect(second.records.first?["improvement_bps"]?.numberValue != nil)

        // Holders: alice 300, bob 100 tokens. Fees then split 3:1.
        #expect(Harness.run("pandactl-curve", ["buy", "--symbol", "FNET", "--amount", "300", "--from", "alice", "--ledger", l.path]).status == 0)
        #expect(Harness.run("pandactl-curve", ["buy", "--symbol", "FNET", "--amount", "100", "--from", "bob", "--ledger", l.path]).status == 0)
        let before = l.pandactl(["balance", "--account", "app"]).records.first?["panda"]
        let lines = Self.rows(3, seed: 11, label: false) + #"{"features":[[1,2,3],[4,5,6]],"fee":"0.04"}"# + "\n"
        let predict = Harness.run("pandactl-predict", ["--symbol", "FNET", "--from", "app", "--ledger", l.path], input: lines)
        #expect(predict.status == 0, "\(predict.stderr)")
        let predictions = predict.records(ofType: "prediction")
        #expect(predictions.count == 4)
        #expect(predictions.last?["prediction"]?.arrayValue?.count == 2)
        #expect(predictions.first?["version"] == 2)
        // y ≈ 2·1 − 3·2 + 0.5·3 + 1 = −1.5 for [1,2,3]
        #expect(abs((predictions.last?["prediction"]?.arrayValue?.first?.numberValue?.doubleValue ?? 0) + 1.5) < 0.01)
        #expect(before == "100")
        #expect(l.pandactl(["balance", "--account", "app"]).records.first?["panda"] == "99.93")  // 3 × 0.01 + 0.04
        #expect(l.pandactl(["balance", "--account", "alice"]).records.first?["owed"]?.objectValue?["FNET"] == "0.0525")
        #expect(l.pandactl(["balance", "--account", "bob"]).records.first?["owed"]?.objectValue?["FNET"] == "0.0175")

        let snapshot = l.snapshot()
        let bad = """
            {"features":[1,2]}
            {"features":[1,"x",3]}
            {"features":[1,1e999,3]}
            {"features":[1,2,3],"fee":"0.001"}
            {"features":[[1,2,3],[1,2]]}

            """
        let refused = Harness.run("pandactl-predict", ["--symbol", "FNET", "--from", "app", "--ledger", l.path], input: bad)
        #expect(refused.status == 1)
        #expect(refused.errorCodes == ["feature_mismatch", "invalid_features", "invalid_features", "fee_too_low", "feature_mismatch"])
        #expect(l.snapshot() == snapshot)
        let badRows = Harness.run("pandactl-train", ["--symbol", "FNET", "--from", "owner", "--ledger", l.path],
                                  input: Self.rows(20) + #"{"features":[1,null,3],"label":2}"# + "\n")
        #expect(badRows.status == 1)
        #expect(badRows.errorCodes.first == "invalid_features")
        #expect(l.snapshot() == snapshot)
        #expect(l.auditPasses())
    }

    /// export → predict --bundle (no ledger) gives the ledger's predictions; a flipped byte, another
    /// signer or a missing file is refused; receipts settle once.
    @Test func bundleRoundTripAndReceipts() throws {
        let l = Self.ledger()
        let dir = l.dir
        #expect(Harness.run("pandactl-sign", ["keygen", "--out", dir.file("owner.key")]).status == 0)
        let device = Harness.run("pandactl-sign", ["keygen", "--out", dir.file("device.key")])
        let deviceAddress = try #require(device.records.first?["address"]?.stringValue)
        #expect(Harness.run("pandactl-train", ["--symbol", "FNET", "--from", "owner", "--ledger", l.path], input: Self.rows(300)).status == 0)
        let export = Harness.run("pandactl-train", ["export", "--symbol", "FNET", "--out", dir.file("fnet.tar.zst"), "--key", dir.file("owner.key"),
                                                    "--ledger", l.path])
        #expect(export.status == 0, "\(export.stderr)")
        let input = Self.rows(5, seed: 3, label: false)
        let onLedger = Harness.run("pandactl-predict", ["--symbol", "FNET", "--from", "app", "--ledger", l.path], input: input)
        // The edge: no ledger at all.
        let edge = Harness.run("pandactl-predict", ["--bundle", dir.file("fnet.tar.zst"), "--receipts", dir.file("usage.jsonl"),
                                                    "--key", dir.file("device.key"), "--ledger", dir.file("absent.db")], input: input)
        #expect(edge.status == 0, "\(edge.stderr)")
        #expect(edge.records.map { $0["prediction"] } == onLedger.records.map { $0["prediction"] })
        #expect(!Harness.sh("test -e '\(dir.file("absent.db"))'").isSuccess)
        // Refusals: a flipped byte, the wrong signer, a missing file.
        var bytes = Harness.readFile(dir.file("fnet.tar.zst"))
        bytes[bytes.count / 2] ^= 0x01
        Harness.writeFile(dir.file("flipped.tar.zst"), bytes)
        let flipped = Harness.run("pandactl-predict", ["--bundle", dir.file("flipped.tar.zst")], input: input)
        #expect(flipped.status == 77)
        #expect(flipped.errorCodes == ["bad_bundle"])
        let wrongSigner = Harness.run("pandactl-predict", ["--bundle", dir.file("fnet.tar.zst"), "--signer", deviceAddress], input: input)
        #expect(wrongSigner.errorCodes == ["bad_bundle"])
        let missing = Harness.run("pandactl-predict", ["--bundle", dir.file("none.tar.zst")], input: input)
        #expect(missing.status == 66)
        // --input the same in every program: a missing file 66, an unreadable one (a directory) 74, nothing changed.
        let before = l.snapshot()
        let runs: [(String, [String])] = [
            ("pandactl", ["--ledger", l.path]),
            ("pandactl-train", ["--symbol", "FNET", "--from", "owner", "--ledger", l.path]),
            ("pandactl-predict", ["--symbol", "FNET", "--from", "app", "--ledger", l.path]),
            ("pandactl-predict", ["--bundle", dir.file("fnet.tar.zst")]),
        ]
        for (program, args) in runs {
            let absent = Harness.run(program, args + ["--input", dir.file("no-such-rows.jsonl")])
            #expect(absent.status == 66, "\(program) \(args): \(absent.stderr)")
            #expect(absent.errorCodes == ["io_error"], "\(program)")
            let unreadable = Harness.run(program, args + ["--input", dir.path])
            #expect(unreadable.status == 74, "\(program) \(args): \(unreadable.stderr)")
            #expect(unreadable.errorCodes == ["io_error"], "\(program)")
        }
        #expect(l.snapshot() == before)
        // Settle: the device pays the holders, each receipt once.
        #expect(l.pandactl(["fund", "--to", deviceAddress, "--amount", "1"]).status == 0)
        let settle = Harness.run("pandactl-predict", ["settle", "--input", dir.file("usage.jsonl"), "--ledger", l.path])
        #expect(settle.status == 0, "\(settle.stderr)")
        #expect(settle.records(ofType: "receipt").count == 5)
        #expect(l.pandactl(["balance", "--account", deviceAddress]).records.first?["panda"] == "0.95")
        let snapshot = l.snapshot()
        let again = Harness.run("pandactl-predict", ["settle", "--input", dir.file("usage.jsonl"), "--ledger", l.path])
        #expect(again.status == 1)
        #expect(again.errorCodes == Array(repeating: "already_settled", count: 5))
        #expect(l.snapshot() == snapshot)
        // Import the bundle back: it becomes version 2 with the same model hash.
        let imported = Harness.run("pandactl-train", ["import", "--bundle", dir.file("fnet.tar.zst"), "--from", "owner", "--ledger", l.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.records.first?["version"] == 2)
        #expect(imported.records.first?["model_hash"] == export.records.first?["model_hash"])
        #expect(imported.records.first?["improvement_bps"] == 0)
        #expect(l.auditPasses())
    }

    /// Issue 18: a bundle is byte-exact. The library test tries every bit in-process
    /// (PandaLedgerTests/BundleTests); here the binary gets one flip per byte of a small exported
    /// bundle (bit i mod 8 of byte i), four processes at a time: each is refused with bad_bundle (77).
    @Test func everyByteOfABundleFlippedIsRefusedByTheBinary() async throws {
        let l = Self.ledger()
        let dir = l.dir
        #expect(Harness.run("pandactl-sign", ["keygen", "--out", dir.file("owner.key")]).status == 0)
        #expect(Harness.run("pandactl-train", ["--symbol", "FNET", "--from", "owner", "--ledger", l.path], input: Self.rows(20)).status == 0)
        let export = Harness.run("pandactl-train", ["export", "--symbol", "FNET", "--out", dir.file("b.tar.zst"), "--key", dir.file("owner.key"),
                                                    "--ledger", l.path])
        #expect(export.status == 0, "\(export.stderr)")
        let bytes = Harness.readFile(dir.file("b.tar.zst"))
        try #require(bytes.count > 100 && bytes.count < 4096, "bundle of \(bytes.count) bytes")
        let input = Self.rows(1, seed: 3, label: false)
        #expect(Harness.run("pandactl-predict", ["--bundle", dir.file("b.tar.zst")], input: input).status == 0)
        let path = dir.path
        let lanes = 4
        let failures = await withTaskGroup(of: [String].self) { group in
            for lane in 0..<lanes {
                group.addTask {
                    var failures: [String] = []
                    for i in stride(from: lane, to: bytes.count, by: lanes) {
                        var b = bytes
                        b[i] ^= 1 << UInt8(i % 8)
                        let file = path + "/flip-\(i).tar.zst"
                        Harness.writeFile(file, b)
                        let r = Harness.run("pandactl-predict", ["--bundle", file], input: input)
                        if r.status != 77 || r.errorCodes != ["bad_bundle"] || r.signal != nil {
                            failures.append("byte \(i) bit \(i % 8): status \(r.status) \(r.errorCodes)")
                        }
                        unlink(file)
                    }
                    return failures
                }
            }
            var all: [String] = []
            for await f in group { all += f }
            return all
        }
        #expect(failures.isEmpty, "\(failures.count) of \(bytes.count) flipped bundles not refused: \(failures.sorted().prefix(20))")
    }
}

extension Int32 {
    var isSuccess: Bool { self == 0 }

}
