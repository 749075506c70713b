import Curves
import PandaCore
import Testing

@testable import PandaLedger

/// Allowances under random use: sequences of approve, transfer-from, transfer and access burns (own tokens
/// and a holder's, by a gateway) by several accounts, checked step by step against a reference model.
/// Invariants: every outcome (applied, or refused with the code the model predicts) matches; tokens are
/// conserved (supply = Σ holdings, and each holding is the model's); no allowance is negative or exceeded
/// (each allowance equals the model's, which only an approve raises); the audit is clean at the end.
/// Seeded (PANDA_PROPERTY_SEED overrides).
@Suite struct AllowancePropertyTests {
    struct Key: Hashable { var owner: String, spender: String }

    @Test func allowancesAreNeverExceededAndTokensAreConserved() throws {
        let seed = UInt64(Environment.get("PANDA_PROPERTY_SEED") ?? "") ?? 0x19_19_19
        let sequences = Int(Environment.get("PANDA_PROPERTY_SEQUENCES") ?? "") ?? 12
        var rng = PropertyRng(seed: seed)
        var outcomes: [String: Int] = [:]
        for _ in 0..<sequences { try runSequence(&rng, &outcomes) }
        print("allowance property: seed \(seed), \(sequences) sequences: \(outcomes.sorted { $0.key < $1.key })")
        // The sequences must reach every refusal and every op, or the property says little.
        for key in ["approve", "transfer-from", "transfer", "access", "access-holder", "allowance_exceeded", "not_authorized", "insufficient_tokens"] {
            #expect((outcomes[key] ?? 0) > 0, "no \(key) in the sequences")
        }
    }

    func runSequence(_ rng: inout PropertyRng, _ outcomes: inout [String: Int]) throws {
        let dir = TempDir()
        let l = try openLedger(dir)
        let accounts = ["a", "b", "c", "gw"]
        for a in accounts + ["owner"] { try apply(l, ["op": "fund", "to": .string(a), "amount": "1000000"], op: CoreOperations.fund) }
        try apply(l, ["op": "create", "from": "owner", "symbol": "FNET", "curve": ["type": "linear", "a": "0.01", "b": "0.0001"]], op: CurveOperations.create)
        var held: [String: Int64] = [:]
        var allowed: [Key: Int64] = [:]
        for a in accounts {
            let n = Int64(50 + rng.int(500))
            try apply(l, ["op": "buy", "from": .string(a), "symbol": "FNET", "amount": .number(JSONNumber(n))], op: CurveOperations.buy)
            held[a] = n
        }
        var supply = held.values.reduce(0, +)

        for step in 0..<150 {
            let sender = accounts[rng.int(accounts.count)]
            let other = accounts[rng.int(accounts.count)]
            let third = accounts[rng.int(accounts.count)]
            let n = Int64(rng.int(4) == 0 ? rng.int(400) : rng.int(60)) + 1
            var request: JSONObject = ["from": .string(sender), "symbol": "FNET"]
            let op: Operation
            let expected: String?  // nil: applies
            var name: String
            switch rng.int(5) {
            case 0:  // sender approves other
                op = AllowanceOperations.approve; name = "approve"
                let amount = rng.int(5) == 0 ? 0 : n
                request["spender"] = .string(other); request["amount"] = .number(JSONNumber(amount))
                expected = sender == other ? "self_transfer" : nil
                if expected == nil { allowed[Key(owner: sender, spender: other)] = amount }
            case 1, 2:  // sender moves other's tokens to third
                op = AllowanceOperations.transferFrom; name = "transfer-from"
                request["owner"] = .string(other); request["to"] = .string(third); request["amount"] = .number(JSONNumber(n))
                let k = Key(owner: other, spender: sender), a = allowed[k] ?? 0
                expected = other == third ? "self_transfer" : a == 0 ? "not_authorized" : n > a ? "allowance_exceeded"
                    : held[other, default: 0] < n ? "insufficient_tokens" : nil
                if expected == nil { allowed[k] = a - n; held[other, default: 0] -= n; held[third, default: 0] += n }
            case 3:  // sender transfers its own tokens
                op = CurveOperations.transfer; name = "transfer"
                request["to"] = .string(other); request["amount"] = .number(JSONNumber(n))
                expected = sender == other ? "self_transfer" : held[sender, default: 0] < n ? "insufficient_tokens" : nil
                if expected == nil { held[sender, default: 0] -= n; held[other, default: 0] += n }
            default:  // an access burn of the sender's tokens, or of other's by the sender as a gateway
                op = BurnOperations.access; name = "access"
                request["requests"] = .number(JSONNumber(n))
                let burned = Int64((Int128(n) * Int128(10_000 - BurnOperations.discountBps(requests: n)) + 9_999) / 10_000)
                if rng.int(3) > 0 && other != sender {
                    name = "access-holder"
                    request["holder"] = .string(other)
                    let k = Key(owner: other, spender: sender), a = allowed[k] ?? 0
                    expected = a == 0 ? "not_authorized" : burned > a ? "allowance_exceeded" : held[other, default: 0] < burned ? "insufficient_tokens" : nil
                    if expected == nil { allowed[k] = a - burned; held[other, default: 0] -= burned; supply -= burned }
                } else {
                    expected = held[sender, default: 0] < burned ? "insufficient_tokens" : nil
                    if expected == nil { held[sender, default: 0] -= burned; supply -= burned }
                }
            }
            request["op"] = .string(op.name)
            do {
                let r = try apply(l, request, op: op)
                #expect(expected == nil, "step \(step): \(request) applied (\(r)); the model expected \(expected ?? "")")
                outcomes[name, default: 0] += 1
            } catch let e as PandaError {
                #expect(e.code.rawValue == expected, "step \(step): \(request) refused with \(e); the model expected \(expected ?? "it to apply")")
                outcomes[e.code.rawValue, default: 0] += 1
            }

            // Tokens conserved; every holding and allowance is the model's; none negative.
            let m = try #require(try l.store.model("FNET"))
            let holdings = try l.store.holdings(ofModel: "FNET")
            #expect(m.state.supply == supply)
            #expect(holdings.reduce(0) { $0 + $1.holding.total } == supply)
            for (a, h) in holdings { #expect(h.total == held[a, default: 0], "step \(step): \(a) holds \(h.total), the model says \(held[a, default: 0])") }
            for a in accounts {
                for s in accounts where s != a {
                    let stored = try l.store.allowance("FNET", owner: a, spender: s)
                    #expect(stored >= 0 && stored == allowed[Key(owner: a, spender: s)] ?? 0, "step \(step): allowance \(a)→\(s) is \(stored)")
                }
            }
            #expect(try l.store.nonPositiveAllowances().isEmpty)
        }
        #expect(try l.audit().isEmpty)
    }
}
