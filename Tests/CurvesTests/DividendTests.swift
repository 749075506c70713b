import PandaCore
import Testing

@testable import Curves

/// A small model of the ledger's side: balances and dividend accounts, settling before every change.
struct Holders {
    var pool = DividendPool.empty
    var balances: [String: Int64] = [:]
    var accounts: [String: DividendAccount] = [:]
    var claimedBy: [String: Int128] = [:]
    var ownerFees: Int128 = 0

    var supply: Int64 { balances.values.reduce(0, +) }

    mutating func settle(_ who: String) {
        var a = accounts[who] ?? DividendAccount()
        pool.settle(&a, balance: balances[who] ?? 0)
        accounts[who] = a
    }

    mutating func change(_ who: String, by delta: Int64) {
        settle(who)
        balances[who, default: 0] += delta
    }

    mutating func transfer(_ from: String, _ to: String, _ n: Int64) {
        settle(from)
        settle(to)
        balances[from, default: 0] -= n
        balances[to, default: 0] += n
    }

    mutating func fee(_ amount: Int128) throws {
        let c = try pool.credit(fee: amount, supply: supply)
        ownerFees += c.toOwner
    }

    mutating func claim(_ who: String) throws -> Int128 {
        var a = accounts[who] ?? DividendAccount()
        let paid = try pool.claim(&a, balance: balances[who] ?? 0)
        accounts[who] = a
        claimedBy[who, default: 0] += paid
        return paid
    }

    /// Σ owed + claimed + pending = revenue, exactly; and pending covers every unsettled accrual.
    func conserved() -> Bool {
        let owed = accounts.values.reduce(Int128(0)) { $0 + $1.owed }
        var accrued: Int128 = 0
        for (who, a) in accounts { accrued += pool.accrued(a, balance: balances[who] ?? 0) }
        for (who, b) in balances where accounts[who] == nil && b > 0 {
            accrued += pool.accrued(DividendAccount(), balance: b)
        }
        return owed + pool.claimed + pool.pending == pool.revenue && pool.pending >= accrued
            && claimedBy.values.reduce(0, +) == pool.claimed
    }
}

@Test func feesAtZeroSupplyGoToTheOwner() throws {
    var pool = DividendPool.empty
    let c = try pool.credit(fee: 5 * unit, supply: 0)
    #expect(c == DividendCredit(toHolders: 0, toOwner: 5 * unit))
    #expect(pool == .empty)
    #expect(errorCode { try pool.credit(fee: 0, supply: 10) } == .invalid_amount)
    #expect(errorCode { try pool.credit(fee: -1, supply: 10) } == .invalid_amount)
    #expect(errorCode { try pool.credit(fee: 1, supply: -1) } == .invalid_amount)
    #expect(try pool.credit(fee: unit, supply: 4) == DividendCredit(toHolders: unit, toOwner: 0))
    #expect(pool.revenue == unit)
    #expect(pool.pending == unit)
}

@Test func aHolderWhoBuysAfterFeesAccruedGetsNoneOfThem() throws {
    var h = Holders()
    h.change("alice", by: 100)
    try h.fee(10 * unit)
    h.change("bob", by: 100)  // bob buys after the fee
    #expect(h.pool.accrued(h.accounts["bob"]!, balance: 100) == 0)
    #expect(errorCode { try h.claim("bob") } == .nothing_to_claim)
    #expect(try h.claim("alice") == 10 * unit)
    #expect(errorCode { try h.claim("alice") } == .nothing_to_claim)
    #expect(h.conserved())
}

@Test func twoHoldersSplitLaterFeesInProportion() throws {
    var h = Holders()
    h.change("alice", by: 300)
    h.change("bob", by: 100)
    try h.fee(8 * unit)
    try h.fee(unit)
    #expect(try h.claim("alice") == 9 * unit * 3 / 4)
    #expect(try h.claim("bob") == 9 * unit / 4)
    #expect(h.pool.pending == 0)
    #expect(h.conserved())
}

@Test func aTransferMovesNoAccruedDividends() throws {
    var h = Holders()
    h.change("alice", by: 100)
    h.change("bob", by: 100)
    try h.fee(20 * unit)  // 10 each
    h.transfer("alice", "bob", 100)  // alice gives bob everything
    try h.fee(4 * unit)  // all to bob now
    #expect(try h.claim("alice") == 10 * unit)
    #expect(try h.claim("bob") == 14 * unit)
    #expect(h.conserved())
}

@Test func aRefusedClaimChangesNothing() throws {
    var h = Holders()
    h.change("alice", by: 1)
    let before = h.pool
    #expect(errorCode { try h.claim("alice") } == .nothing_to_claim)
    #expect(h.pool == before)
    #expect(errorCode { try h.claim("nobody") } == .nothing_to_claim)
}

@Test func dustIsAccountedExactly() throws {
    var h = Holders()
    h.change("a", by: 1)
    h.change("b", by: 1)
    h.change("c", by: 1)
    try h.fee(10)  // 10 base units over 3 tokens
    let pa = try h.claim("a"), pb = try h.claim("b"), pc = try h.claim("c")
    #expect([pa, pb, pc] == [3, 3, 3])
    #expect(h.pool.pending == 1)  // the dust
    #expect(h.conserved())
    // A settlement rounds each holder's share down to the base unit; the fraction stays in the pool as
    // dust (it is not carried per holder), so 2 more units over 3 tokens pay nobody yet.
    try h.fee(2)
    #expect(errorCode { try h.claim("a") } == .nothing_to_claim)
    #expect(h.pool.pending == 3)
    #expect(h.conserved())
}

/// Random buys, sells, transfers, fees and claims by several holders: conservation holds exactly after
/// every step, every claim is within a base unit per settlement of the holder's exact share.
@Test(arguments: [UInt64(31), 32, 33])
func randomDividendSequencesConserveExactly(seed: UInt64) throws {
    var rng = SeededRandom(seed: seed)
    var h = Holders()
    let names = ["a", "b", "c", "d", "e"]
    // Exact shares as rationals over the fee history, for comparison.
    var exactShare: [String: Ratio] = [:]
    for _ in 0..<1500 {
        let who = names[Int.random(in: 0..<names.count, using: &rng)]
        switch Int.random(in: 0..<10, using: &rng) {
        case 0..<3:
            h.change(who, by: Int64.random(in: 1...1_000_000, using: &rng))
        case 3..<5:
            let b = h.balances[who] ?? 0
            if b > 0 { h.change(who, by: -Int64.random(in: 1...b, using: &rng)) }
        case 5:
            let to = names[Int.random(in: 0..<names.count, using: &rng)]
            let b = h.balances[who] ?? 0
            if b > 0 && to != who { h.transfer(who, to, Int64.random(in: 1...b, using: &rng)) }
        case 6..<8:
            let fee = Int128(UInt64.random(in: 1...UInt64(1) << 62, using: &rng))
            let s = h.supply
            if s > 0 {
                for (n, b) in h.balances where b > 0 {
                    exactShare[n, default: .zero] = exactShare[n, default: .zero]
                        + Ratio(BigNat(UInt128(fee)) * BigNat(UInt64(b)), BigNat(UInt64(s)))
                }
            }
            try h.fee(fee)
        default:
            let owed = (h.accounts[who]?.owed ?? 0) + h.pool.accrued(h.accounts[who] ?? DividendAccount(), balance: h.balances[who] ?? 0)
            if owed > 0 { _ = try h.claim(who) } else { #expect(errorCode { try h.claim(who) } == .nothing_to_claim) }
        }
        #expect(h.conserved())
    }
    // Settle everyone and compare with the exact shares: the counter loses at most a base unit per
    // settlement (the floor) and a negligible 10⁻³⁶ per fee.
    for n in names { h.settle(n) }
    let settlements = 1500 + names.count  // at most one settlement per step, and the final ones
    for n in names {
        let got = (h.accounts[n]?.owed ?? 0) + (h.claimedBy[n] ?? 0)
        let exact = exactShare[n] ?? .zero
        #expect(Ratio(BigNat(UInt128(got))) <= exact)
        #expect(exact.floor.int128! - got <= Int128(settlements))
    }
    #expect(h.conserved())
}

@Test func storedDividendStateRoundTrips() throws {
    var h = Holders()
    h.change("a", by: 3)
    try h.fee(10)
    h.settle("a")
    let p = h.pool
    let back = try DividendPool(perToken: p.perToken.description, pending: String(p.pending), revenue: String(p.revenue),
                                claimed: String(p.claimed))
    #expect(back == p)
    #expect(p.perToken.description == "3333333333333333333333333333333333333")  // 10/3 × 10³⁶
    let a = h.accounts["a"]!
    #expect(try DividendAccount(checkpoint: a.checkpoint.description, owed: String(a.owed)) == a)
    #expect(errorCode { try DividendAccount(checkpoint: "-1", owed: "0") } == .ledger_corrupt)
    #expect(errorCode { try DividendAccount(checkpoint: "1", owed: "x") } == .ledger_corrupt)
    #expect(errorCode { try DividendPool(perToken: "0", pending: "-1", revenue: "0", claimed: "0") } == .ledger_corrupt)
}
