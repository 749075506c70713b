// Fixture loading and the deterministic dataset generator shared with
// Tests/Fixtures/learning/generate.py (see its docstring for the exact definition).

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PandaCore
@testable import Learning

/// Tests/Fixtures/learning, found from this file's path.
let learningFixtures: String = {
    var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(2)  // LearningTests/Support.swift
    return parts.joined(separator: "/") + "/Fixtures/learning"
}()

func readFile(_ path: String) -> [UInt8]? {
    guard let f = fopen(path, "r") else { return nil }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, f)
        if n <= 0 { break }
        bytes += buffer[0..<n]
    }
    return bytes
}

func readJSON(_ name: String) -> JSONValue? {
    guard let bytes = readFile(learningFixtures + "/" + name) else { return nil }
    return try? JSONParser.parse(bytes)
}

extension JSONValue {
    var double: Double? {
        guard let text = numberValue?.text else { return nil }
        return Double(text)
    }
    var doubles: [Double]? { arrayValue?.compactMap(\.double) }
    subscript(_ key: String) -> JSONValue? { objectValue?[key] }
}

/// |a − b| ≤ tolerance·max(1, |b|): relative for large values, absolute near zero.
func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(b))
}

// MARK: - Datasets

/// SplitMix64 + uniform + four-uniform "noise", exactly as generate.py.
struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        return Holdout.splitmix64(state &- 0x9E37_79B9_7F4A_7C15)
    }
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }
    mutating func noise() -> Double {
        let u1 = uniform(), u2 = uniform(), u3 = uniform(), u4 = uniform()
        return (((u1 + u2) + u3) + u4) - 2.0
    }
}

enum Modifier: Sendable {
    case scale(target: Int, source: Int, factor: Double)
    case constant(target: Int, value: Double)
    case near(target: Int, source: Int, eps: Double)
}

struct DatasetSpec: Sendable {
    var name: String
    var seed: UInt64
    var rows: Int
    var features: Int
    var logistic: Bool
    var scales: [Double]
    var offsets: [Double]
    var beta: [Double]
    var intercept: Double
    var noise: Double
    var modifiers: [Modifier]
    var alpha: Double
    var checksum: String
    var firstRow: [Double]
    /// "linear@0.0", "ridge@0.25", "logistic@0.0", … → the expected fit.
    var expected: [String: JSONValue]

    init?(_ v: JSONValue) {
        guard let name = v["name"]?.stringValue, let seed = v["seed"]?.numberValue?.int64Value,
            let rows = v["rows"]?.numberValue?.int64Value, let features = v["features"]?.numberValue?.int64Value,
            let scales = v["scales"]?.doubles, let offsets = v["offsets"]?.doubles, let beta = v["beta"]?.doubles,
            let intercept = v["intercept"]?.double, let noise = v["noise"]?.double, let alpha = v["alpha"]?.double,
            let checksum = v["checksum"]?.stringValue, let firstRow = v["first_row"]?.doubles,
            let expected = v["expected"]?.objectValue, let mods = v["modifiers"]?.arrayValue
        else { return nil }
        self.name = name
        self.seed = UInt64(seed)
        self.rows = Int(rows)
        self.features = Int(features)
        self.logistic = v["kind"]?.stringValue == "logistic"
        self.scales = scales
        self.offsets = offsets
        self.beta = beta
        self.intercept = intercept
        self.noise = noise
        self.alpha = alpha
        self.checksum = checksum
        self.firstRow = firstRow
        var e: [String: JSONValue] = [:]
        for (k, value) in expected { e[k] = value }
        self.expected = e
        modifiers = mods.compactMap { m in
            guard let a = m.arrayValue, let op = a.first?.stringValue else { return nil }
            let t = Int(a[1].numberValue!.int64Value!)
            switch op {
            case "scale": return .scale(target: t, source: Int(a[2].numberValue!.int64Value!), factor: a[3].double!)
            case "const": return .constant(target: t, value: a[2].double!)
            case "near": return .near(target: t, source: Int(a[2].numberValue!.int64Value!), eps: a[3].double!)
            default: return nil
            }
        }
    }

    /// The rows (features, then the label last) and the FNV-1a checksum of their bytes.
    func generate() -> (rows: [[Double]], checksum: String) {
        var g = Generator(state: seed)
        var out: [[Double]] = []
        out.reserveCapacity(rows)
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for _ in 0..<rows {
            var x = (0..<features).map { j in offsets[j] + scales[j] * g.noise() }
            for m in modifiers {
                switch m {
                case .scale(let t, let s, let f): x[t] = f * x[s]
                case .constant(let t, let v): x[t] = v
                case .near(let t, let s, let e): x[t] = x[s] + e * g.noise()
                }
            }
            var s = intercept
            for j in 0..<features { s = s + beta[j] * x[j] }
            s = s + noise * g.noise()
            x.append(logistic ? (s > 0 ? 1 : 0) : s)
            for v in x {
                var bits = v.bitPattern
                for _ in 0..<8 {
                    h = (h ^ (bits & 0xFF)) &* 0x100_0000_01B3
                    bits >>= 8
                }
            }
            out.append(x)
        }
        let hex = String(h, radix: 16)
        return (out, String(repeating: "0", count: 16 - hex.count) + hex)
    }
}

let allDatasets: [DatasetSpec] = {
    guard let list = readJSON("datasets.json")?.arrayValue else { return [] }
    return list.compactMap(DatasetSpec.init)
}()

func dataset(_ name: String) -> DatasetSpec? { allDatasets.first { $0.name == name } }

/// Trains `algorithm` on a generated dataset.
func train(_ rows: [[Double]], _ algorithm: Algorithm, alpha: Double? = nil, holdout: Double = 0) throws -> TrainingResult {
    let trainer = try Trainer(algorithm: algorithm, alpha: alpha, holdout: holdout)
    for row in rows {
        try row.withUnsafeBufferPointer { r in
            try trainer.add(features: UnsafeBufferPointer(rebasing: r[0..<(r.count - 1)]), label: r[r.count - 1])
        }
    }
    return try trainer.finish()
}
