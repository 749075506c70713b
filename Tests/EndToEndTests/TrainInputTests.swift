#if canImport(Glibc)
import Glibc
#endif
import PandaCore
import PandaCrypto
import Testing

/// data_hash is keccak-256 of exactly the bytes pandactl-train read, however they came: a redirected
/// file (hashed by range on the hasher thread), --input, a pipe (hashed from copies), a file without
/// a final newline, a file whose first line a shell already read; and the model is the same each time.
@Suite struct TrainInputEndToEnd {
    /// Logistic rows over 3 features (a small LCG), more than one 8192-row pass segment.
    static func rows(_ n: Int) -> String {
        var state: UInt64 = 12345
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) * 4 - 2
        }
        var out = ""
        for _ in 0..<n {
            let x = [next(), next(), next()]
            let label = 1.5 * x[0] - x[1] + 0.5 * x[2] + next() > 0 ? 1 : 0
            out += #"{"features":[\#(x[0]),\#(x[1]),\#(x[2])],"label":\#(label)}"# + "\n"
        }
        return out
    }

    @Test func dataHashIsTheKeccakOfTheBytesReadFromAFileAPipeOrAnOffset() throws {
        let l = ModelEndToEnd.ledger()
        let text = Self.rows(20_000)
        let bytes = Array(text.utf8)
        let file = l.dir.file("rows.jsonl")
        Harness.writeFile(file, bytes)
        let unterminated = l.dir.file("unterminated.jsonl")
        Harness.writeFile(unterminated, Array(bytes.dropLast()))
        let train = "'\(Harness.binDir)/pandactl-train' --symbol FNET --algo logistic --from owner --ledger '\(l.path)'"
        let firstLine = text.prefix { $0 != "\n" }.utf8.count + 1

        let runs: [(String, Harness.Result, [UInt8])] = [
            ("stdin from a file", Harness.run("pandactl-train", ["--symbol", "FNET", "--algo", "logistic", "--from", "owner", "--ledger", l.path],
                                              stdin: bytes), bytes),
            ("--input", Harness.run("pandactl-train", ["--symbol", "FNET", "--algo", "logistic", "--from", "owner", "--ledger", l.path,
                                                       "--input", file]), bytes),
            ("a pipe", Harness.run("/bin/sh", ["-c", "cat '\(file)' | \(train)"]), bytes),
            ("no final newline", Harness.run("/bin/sh", ["-c", "\(train) < '\(unterminated)'"]), Array(bytes.dropLast())),
            ("after a line the shell read", Harness.run("/bin/sh", ["-c", "{ read -r first; \(train); } < '\(file)'"]),
             Array(bytes[firstLine...])),
        ]
        var modelHashes: [String] = []
        for (how, run, read) in runs {
            #expect(run.status == 0, "\(how): \(run.stderr)")
            let trained = try #require(run.records(ofType: "trained").first, "\(how)")
            #expect(trained["data_hash"]?.stringValue == "0x" + Keccak256.hash(read).hexString, "\(how)")
            #expect(trained["rows"]?.numberValue?.int64Value == Int64(how == "after a line the shell read" ? 19_999 : 20_000), "\(how)")
            if how != "after a line the shell read" { modelHashes.append(trained["model_hash"]?.stringValue ?? "") }
        }
        #expect(Set(modelHashes).count == 1, "\(modelHashes)")
    }
}
