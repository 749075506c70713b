// bench/keccak.sh: Keccak-256 (Ethereum's padding) two ways on the same input: ours (Sources/PandaCrypto/
// Keccak.swift, compiled in) and a sponge over nettle's Keccak-f[1600] permutation (nettle_sha3_permute).
import CNettle
#if canImport(Glibc)
import Glibc
#endif

/// Keccak-256 with nettle's permutation: absorb 136-byte blocks into the 25 lanes, pad 0x01 … 0x80.
func nettleKeccak256(_ input: UnsafeRawBufferPointer) -> [UInt8] {
    var st = sha3_state()
    let rate = 136
    var out = [UInt8](repeating: 0, count: 32)
    withUnsafeMutableBytes(of: &st) { lanes in
        let a = lanes.baseAddress!.assumingMemoryBound(to: UInt64.self)
        var offset = 0
        let n = input.count
        while n - offset >= rate {
            for i in 0..<17 { a[i] ^= UInt64(littleEndian: input.loadUnaligned(fromByteOffset: offset + i * 8, as: UInt64.self)) }
            nettle_sha3_permute(lanes.baseAddress!.assumingMemoryBound(to: sha3_state.self))
            offset += rate
        }
        var block = [UInt8](repeating: 0, count: rate)
        for i in 0..<(n - offset) { block[i] = input[offset + i] }
        block[n - offset] ^= 0x01
        block[rate - 1] ^= 0x80
        block.withUnsafeBytes { b in
            for i in 0..<17 { a[i] ^= UInt64(littleEndian: b.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) }
        }
        nettle_sha3_permute(lanes.baseAddress!.assumingMemoryBound(to: sha3_state.self))
        for i in 0..<32 { out[i] = UInt8(truncatingIfNeeded: a[i / 8].littleEndian >> (8 * UInt64(i % 8))) }
    }
    return out
}

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

let args = CommandLine.arguments
let rounds = args.count > 1 ? Int(args[1]) ?? 5 : 5
var seed: UInt64 = 0x5EED
let big = (0..<(8 << 20)).map { _ -> UInt8 in seed = seed &* 6364136223846793005 &+ 1442695040888963407; return UInt8(truncatingIfNeeded: seed >> 33) }
let small = Array(big[0..<200])   // a signed request line's size: one or two blocks

// Same digest both ways (and the empty string's published digest) before timing anything.
let emptyDigest = "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
precondition(Keccak256.hash([UInt8]()).hexString == emptyDigest)
precondition([UInt8]().withUnsafeBytes { nettleKeccak256($0) }.hexString == emptyDigest)
for n in [0, 1, 135, 136, 137, 200, 272, 1000, 1 << 16] {
    let x = Array(big[0..<n])
    precondition(Keccak256.hash(x) == x.withUnsafeBytes { nettleKeccak256($0) }, "digests differ at \(n) bytes")
}

func f1(_ x: Double, _ width: Int) -> String {
    let t = String(Double(Int((x * 10).rounded())) / 10)
    return String(repeating: " ", count: max(0, width - t.count)) + t
}
func median(_ x: [Double]) -> Double { let s = x.sorted(); return s[s.count / 2] }
var sink: UInt8 = 0
func measure(_ name: String, _ body: () -> Void, bytes: Int, count: Int) -> Double {
    let t0 = now()
    body()
    let dt = now() - t0
    return Double(bytes * count) / dt / 1e6
}

print("keccak-256, \(rounds) rounds; MB/s (higher is better), same input both ways")
print("round  ours-8MiB  nettle-8MiB  ours-200B  nettle-200B")
var ratiosBig: [Double] = [], ratiosSmall: [Double] = []
var best = [0.0, 0.0, 0.0, 0.0]
for r in 1...rounds {
    let oursBig = measure("ours", { big.withUnsafeBytes { sink ^= Keccak256.hash($0)[0] } }, bytes: big.count, count: 1)
    let nettleBig = measure("nettle", { big.withUnsafeBytes { sink ^= nettleKeccak256($0)[0] } }, bytes: big.count, count: 1)
    let n = 100_000
    let oursSmall = measure("ours", { small.withUnsafeBytes { p in for _ in 0..<n { sink ^= Keccak256.hash(p)[0] } } }, bytes: small.count, count: n)
    let nettleSmall = measure("nettle", { small.withUnsafeBytes { p in for _ in 0..<n { sink ^= nettleKeccak256(p)[0] } } }, bytes: small.count, count: n)
    print(String(repeating: " ", count: 5 - String(r).count) + String(r) + "  " + f1(oursBig, 9) + "  " + f1(nettleBig, 11) + "  " + f1(oursSmall, 9) + "  " + f1(nettleSmall, 11))
    for (i, v) in [oursBig, nettleBig, oursSmall, nettleSmall].enumerated() { best[i] = max(best[i], v) }
    ratiosBig.append(nettleBig / oursBig)
    ratiosSmall.append(nettleSmall / oursSmall)
}
let pctBig = Int((median(ratiosBig) * 100).rounded()), pctSmall = Int((median(ratiosSmall) * 100).rounded())
print(" best  " + f1(best[0], 9) + "  " + f1(best[1], 11) + "  " + f1(best[2], 9) + "  " + f1(best[3], 11))
let bestBig = Int((best[1] / best[0] * 100).rounded()), bestSmall = Int((best[3] / best[2] * 100).rounded())
print("nettle/ours: median of rounds \(pctBig)% on 8 MiB, \(pctSmall)% on 200-byte messages; best of rounds \(bestBig)% and \(bestSmall)%")
if sink == 255 { print("") }
