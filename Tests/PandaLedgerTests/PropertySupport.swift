import PandaCore

/// The seeded generator of the ledger's property tests (splitmix64): the same seed, the same sequences.
typealias PropertyRng = SplitMix64

extension SplitMix64 {
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }
}
