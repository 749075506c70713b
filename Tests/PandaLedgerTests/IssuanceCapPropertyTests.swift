#if canImport(Glibc)
import Glibc
#endif
import Curves
import PandaCore
import Testing

@testable import PandaLedger

/// The adversarial property of issue 15: after a user buys, random sequences of every issuance operation
/// any role may perform — initial, distribute, release, improvement (manual and under an absolute policy),
/// block-reward, metrics, seed, treasury, the owner's cap settings — by the owner, a verifier, an operator and grantees, interleaved with
/// other users' buys and with the issued tokens sold at once or later, over the following 365 days.
/// At every point:
/// (a) the issuance the cap counts (rewards, and grants made after the first trade, from the receipts)
///     never exceeds `max_emission` of the supply it measures (the supply before trading plus every buy);
/// (b) the PANDA the user's tokens sell for is at least the worst case the cap allows: on the same curve
///     with the same buys, the whole allowance minted to others as soon as it is allowed, in infinitely
///     small pieces each sold at once (which scales v/S by e^(−minted/S)), registration grants released
///     the same way — less the curve's rounding.
/// Seeded (PANDA_PROPERTY_SEED overrides), printing the worst case found against the bound.
@Suite struct IssuanceCapPropertyTests {
    /// The worst case the cap allows, tracked beside the ledger: supply and v/S of the bound path.
    struct Bound {
        var curve: Curve
        var supply: Double
        var ratio: Double
        var issued: Int64 = 0
        /// Mints `n` in infinitely small pieces, each sold at once: S stays, v/S scales by e^(−n/S).
        mutating func dilute(_ n: Int64) {
            guard n > 0, supply > 0 else { return }
            ratio *= exp(-Double(n) / supply)
        }
        func value(of tokens: Int64) -> Double {
            let v = ratio * supply, sold = ratio * Double(tokens)
            func f(_ x: Double) -> Double { curve.integral(at: Ratio(exactly: max(0, x)) ?? .zero).approximate }
            return f(v) - f(v - sold)
        }
    }

    struct Worst {
        var margin = Double.infinity  // real / bound − 1: how close an adversary came to the worst case
        var real = 0.0, bound = 0.0, family = ""
    }

    static let day: Int64 = 86_400_000
    static let t0: Int64 = 1_800_000_000_000

    @Test func noRoleCanDiluteAHolderPastTheCap() throws {
        let seed = UInt64(Environment.get("PANDA_PROPERTY_SEED") ?? "") ?? 0x15_15_15
        let sequences = Int(Environment.get("PANDA_PROPERTY_SEQUENCES") ?? "") ?? 60
        var rng = PropertyRng(seed: seed)
        var worst: [String: Worst] = [:]
        var refusals: [String: Int] = [:]
        var applied: [String: Int] = [:]
        let start = Timestamp.now().milliseconds
        for i in 0..<sequences {
            let family = i % 3 == 2 ? "flat" : "quadratic"
            try runSequence(&rng, family: family, index: i, worst: &worst[family, default: Worst()], refusals: &refusals, applied: &applied)
        }
        let seconds = Double(Timestamp.now().milliseconds - start) / 1000
        for (family, w) in worst.sorted(by: { $0.key < $1.key }) {
            print("issuance cap property [\(family)]: closest approach: the user's tokens sold for \(pct(w.real)) of their value without issuance, "
                  + "the cap's worst case \(pct(w.bound)) (\(pct(w.margin)) above it); seed \(seed), \(sequences) sequences tried in \(fixed(seconds, 1)) s")
            #expect(w.margin >= -1e-6, "the user's tokens fell below the cap's worst case")
        }
        print("issuance cap property: applied \(applied.sorted { $0.key < $1.key }); refused \(refusals.sorted { $0.key < $1.key })")
        // The sequences must reach the cap, or the property says little.
        #expect((refusals["emission_cap"] ?? 0) > sequences / 2)
    }

    func pct(_ x: Double) -> String { fixed(x * 100, 2) + "%" }

    /// `x` with `places` decimals (no Foundation here).
    func fixed(_ x: Double, _ places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let n = Int64((abs(x) * scale).rounded())
        let whole = n / Int64(scale), frac = String(n % Int64(scale))
        return (x < 0 && n != 0 ? "-" : "") + "\(whole)." + String(repeating: "0", count: places - frac.count) + frac
    }

    func runSequence(_ rng: inout PropertyRng, family: String, index: Int, worst: inout Worst, refusals: inout [String: Int],
                     applied: inout [String: Int]) throws {
        let dir = TempDir()
        let l = try openLedger(dir)
        var now = Self.t0
        func ts() -> JSONValue { .string(Timestamp(milliseconds: now).rfc3339) }
        @discardableResult
        func send(_ object: JSONObject, _ op: Operation) -> JSONObject? {
            var o = object
            o["ts"] = ts()
            do {
                let r = try apply(l, o, op: op)
                applied[op.name, default: 0] += 1
                return r
            } catch let e as PandaError {
                if Environment.get("PANDA_PROPERTY_DEBUG") != nil { print("refused \(object): \(e)") }
                refusals[e.code.rawValue, default: 0] += 1
                return nil
            } catch {
                Issue.record("\(object): \(error)")
                return nil
            }
        }
        let accounts = ["owner", "ver", "op1", "team", "user", "b1", "b2", "b3"]
        for a in accounts { send(["op": "fund", "to": .string(a), "amount": "1000000000"], CoreOperations.fund) }
        var create: JSONObject = ["op": "create", "from": "owner", "symbol": "FNET"]
        if family == "flat" { create["curve"] = ["type": "linear", "a": "0.01", "b": "0"] }
        let capBps: Int64 = rng.chance(0.3) ? [500, 2000][rng.int(2)] : EmissionCap.defaultBps
        if capBps != EmissionCap.defaultBps { create["max_emission"] = .string(EmissionCap(bps: capBps).text) }
        send(create, CurveOperations.create)
        send(["op": "verifier", "from": "owner", "symbol": "FNET", "account": "ver"], MintOperations.verifier)
        if rng.chance(0.3) { send(["op": "verifier", "from": "owner", "symbol": "FNET", "account": "owner"], MintOperations.verifier) }

        // Registration, before any buyer: exempt and disclosed.
        var preTradeSupply: Int64 = 0
        switch rng.int(3) {
        case 0:
            send(["op": "initial", "from": "owner", "symbol": "FNET", "score": 50, "vesting": "200d", "cliff": "0s"], MintOperations.initial)
        case 1:
            if let r = send(["op": "initial", "from": "owner", "symbol": "FNET", "score": 50], MintOperations.initial) {
                preTradeSupply = Int64(r["minted"]?.numberValue?.text ?? "0") ?? 0
            }
            // Unbacked: the user cannot buy until the owner seeds the reserve.
            let refused = send(["op": "buy", "from": "user", "symbol": "FNET", "amount": 10], CurveOperations.buy) == nil
            #expect(refused, "a buy of unbacked supply applied")
            send(["op": "seed", "from": "owner", "symbol": "FNET", "amount": .string(String(1 + rng.int(500)))], CurveOperations.seed)
        default: break
        }
        if rng.chance(0.5) {
            send(["op": "distribute", "from": "owner", "symbol": "FNET", "to": "team", "amount": .number(JSONNumber(Int64(100 + rng.int(3000)))),
                  "cliff": "0s", "period": .string("\(1 + rng.int(100))d")], MintOperations.distribute)
        }
        let exemptGrants = try l.store.grants("FNET").map(\.id)

        // The user buys.
        now += Self.day / 10
        let userTokens = Int64(100 + rng.int(2000))
        guard send(["op": "buy", "from": "user", "symbol": "FNET", "amount": .number(JSONNumber(userTokens))], CurveOperations.buy) != nil else {
            Issue.record("the user's buy was refused")
            return
        }
        let firstTrade = now
        let m0 = try #require(try l.store.model("FNET"))
        var bound = Bound(curve: try m0.curve(), supply: Double(m0.state.supply), ratio: m0.state.ratio.ratio.double)
        var base = preTradeSupply + userTokens  // the supply the cap measures: before trading, plus every buy
        var counted: Int64 = 0
        var issuedHeld: [String: Int64] = [:]  // issued tokens each adversary holds, not yet sold
        let cap = EmissionCap(bps: capBps)
        func allowed() -> Int64 { Int64(Int128(base) * Int128(capBps) / 10_000) }
        func boundCatchUp() {
            let a = allowed() - bound.issued
            if a > 0 { bound.dilute(a); bound.issued += a }
        }
        boundCatchUp()
        let adversaries = ["owner", "ver", "op1", "team"]
        func sellAtOnce(_ who: String) {
            guard rng.chance(0.7), let held = issuedHeld[who], held > 0 else { return }
            if send(["op": "sell", "from": .string(who), "symbol": "FNET", "amount": .number(JSONNumber(held))], CurveOperations.sell) != nil {
                issuedHeld[who] = 0
            }
        }

        for _ in 0..<(20 + rng.int(20)) {
            now += Int64(rng.int(Int(Self.day * 30)))
            guard now < firstTrade + 364 * Self.day else { break }
            let who = adversaries[rng.int(adversaries.count)]
            switch rng.int(13) {
            case 0, 1:  // another user's buy (an adversary's too: bought tokens are kept)
                let buyer = ["b1", "b2", "b3", "owner", "ver"][rng.int(5)]
                let n = Int64(1 + rng.int(3000))
                if send(["op": "buy", "from": .string(buyer), "symbol": "FNET", "amount": .number(JSONNumber(n))], CurveOperations.buy) != nil {
                    base += n
                    bound.supply += Double(n)
                    boundCatchUp()
                }
            case 2:  // improvement by a verifier, to any adversary
                let to = adversaries[rng.int(adversaries.count)]
                if let r = send(["op": "improvement", "from": .string(rng.chance(0.8) ? "ver" : who), "symbol": "FNET",
                                 "bps": .number(JSONNumber(Int64(100 + rng.int(5000)))), "contributor": .string(to)], MintOperations.improvement) {
                    let n = Int64(r["reward"]?.numberValue?.text ?? "0") ?? 0
                    counted += n
                    issuedHeld[to, default: 0] += n
                    sellAtOnce(to)
                }
            case 3:  // the owner's absolute policy: as much as the cap lets through
                send(["op": "policy", "from": "owner", "symbol": "FNET", "reward_per_bps": .number(JSONNumber(Int64(1 + rng.int(1000)))),
                      "max_reward": .number(JSONNumber(Int64(1 + rng.int(1_000_000)))), "cooldown": "0s"], MintOperations.policy)
            case 4, 5:  // a grant: sized to what the cap still allows (or just past it), starting now or in the past
                let stats = try l.query(Request(object: ["symbol": "FNET"]), operation: CurveOperations.stats).fields
                let left = Int64(stats["emission_left"]?.numberValue?.text ?? "0") ?? 0
                let amount = max(1, rng.chance(0.3) ? left + 1 + Int64(rng.int(100)) : left - Int64(rng.int(Int(max(1, left / 2)))))
                let start = rng.chance(0.2) ? Timestamp(milliseconds: now - Int64(1 + rng.int(Int(Self.day * 400)))) : Timestamp(milliseconds: now)
                if send(["op": "distribute", "from": .string(rng.chance(0.9) ? "owner" : who), "symbol": "FNET", "to": .string(who),
                         "amount": .number(JSONNumber(amount)), "start": .string(start.rfc3339), "cliff": "0s",
                         "period": .string("\(1 + rng.int(20))d")], MintOperations.distribute) != nil {
                    counted += amount
                }
            case 6:  // release (pre-trade grants are exempt: the bound releases them the worst way too)
                let before = try l.store.grants("FNET", who)
                if let r = send(["op": "release", "from": .string(who), "symbol": "FNET"], MintOperations.release) {
                    let after = try l.store.grants("FNET", who)
                    var exempt: Int64 = 0
                    for (b, a) in zip(before, after) where exemptGrants.contains(b.id) { exempt += a.released - b.released }
                    bound.dilute(exempt)
                    issuedHeld[who, default: 0] += Int64(r["released"]?.numberValue?.text ?? "0") ?? 0
                    sellAtOnce(who)
                }
            case 7:  // block reward to an operator
                if let r = send(["op": "block-reward", "from": "ver", "symbol": "FNET", "operator": .string(who),
                                 "alpha": .string(["0.01", "0.1", "1"][rng.int(3)])], MintOperations.blockReward) {
                    let n = Int64(r["reward"]?.numberValue?.text ?? "0") ?? 0
                    counted += n
                    issuedHeld[who, default: 0] += n
                    sellAtOnce(who)
                }
            case 8:  // initial after trading, metrics, seed
                switch rng.int(3) {
                case 0:
                    let r = send(["op": "initial", "from": "owner", "symbol": "FNET", "score": 100], MintOperations.initial)
                    #expect(r == nil, "initial applied after trading")
                case 1:
                    send(["op": "metrics", "from": .string(rng.chance(0.5) ? "ver" : "owner"), "symbol": "FNET",
                          "adoption": .string(["0", "0.5", "1"][rng.int(3)])], CurveOperations.metrics)
                default:
                    send(["op": "seed", "from": "owner", "symbol": "FNET", "amount": .string(String(1 + rng.int(10)))], CurveOperations.seed)
                }
            case 9:  // a treasury mint to adversaries by share, sized near what the cap still allows
                let stats = try l.query(Request(object: ["symbol": "FNET"]), operation: CurveOperations.stats).fields
                let left = Int64(stats["emission_left"]?.numberValue?.text ?? "0") ?? 0
                let amount = max(1, rng.chance(0.3) ? left + 1 + Int64(rng.int(100)) : left - Int64(rng.int(Int(max(1, left / 2)))))
                let to = Array(Set((0..<(1 + rng.int(3))).map { _ in adversaries[rng.int(adversaries.count)] })).sorted()  // sorted: a Set's order differs per process
                let shares = JSONObject(to.map { ($0, JSONValue.number(JSONNumber(Int64(1 + rng.int(5))))) })
                if let r = send(["op": "treasury", "from": .string(rng.chance(0.9) ? "owner" : who), "symbol": "FNET",
                                 "amount": .number(JSONNumber(amount)), "recipients": .object(shares)], MintOperations.treasury) {
                    counted += Int64(r["minted"]?.numberValue?.text ?? "0") ?? 0
                    if case .object(let got)? = r["recipients"] {
                        for (account, n) in got { issuedHeld[account, default: 0] += Int64(n.numberValue?.text ?? "0") ?? 0 }
                    }
                    for account in to { sellAtOnce(account) }
                }
            case 10:  // the owner's settings: the cap lowered (the bounds keep the first cap: a lower one only restricts more), or raised after trading (refused)
                let raise = rng.chance(0.5)
                let bps = raise ? min(10_000, capBps + 100 * Int64(1 + rng.int(50))) : max(1, capBps - 10 * Int64(1 + rng.int(Int(max(1, capBps / 20)))))
                let r = send(["op": "set", "from": .string(rng.chance(0.9) ? "owner" : who), "symbol": "FNET",
                              "max_emission": .string(EmissionCap(bps: bps).text)], CurveOperations.set)
                if raise && bps > capBps { #expect(r == nil, "max_emission raised after trading") }
            default:  // sell issued tokens: all at once or a part
                let held = issuedHeld[who, default: 0]
                if held > 0 {
                    let n = rng.chance(0.6) ? held : Int64(1 + rng.int(Int(held)))
                    if send(["op": "sell", "from": .string(who), "symbol": "FNET", "amount": .number(JSONNumber(n))], CurveOperations.sell) != nil {
                        issuedHeld[who] = held - n
                    }
                }
            }

            // (a) the counted issuance within the cap of the measured supply.
            #expect(counted <= allowed(), "sequence \(index): issued \(counted) > \(cap.text) of \(base)")
            // (b) the user's tokens against the cap's worst case, relative to their value without issuance.
            let m = try #require(try l.store.model("FNET"))
            let real = try ModelCurve(curve: try m.curve(), state: m.state).quoteSell(userTokens).value
            var plain = Bound(curve: bound.curve, supply: bound.supply, ratio: m0.state.ratio.ratio.double)
            plain.issued = 0
            let without = plain.value(of: userTokens)
            let worstCase = bound.value(of: userTokens)
            let rounding = 1e-9 * without + 1e3  // the curve's own rounding: base units per trade, Double families' margin
            let margin = (Double(real) + rounding) / worstCase - 1
            if margin < worst.margin { worst = Worst(margin: margin, real: Double(real) / without, bound: worstCase / without) }
            #expect(Double(real) >= worstCase - rounding,
                    "sequence \(index): the user's \(userTokens) tokens sell for \(Amount(units: real)), below the cap's worst case \(worstCase / 1e18)")
        }
        if index % 10 == 0 {
            let findings = try l.audit()
            #expect(findings.isEmpty, "sequence \(index): \(findings)")
        }
    }
}
