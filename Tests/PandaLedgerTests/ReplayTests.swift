import PandaCore
import Testing

@testable import PandaLedger

/// Requests run without an SQL savepoint; one that fails after writing rows takes the transaction back to
/// its start and replays the requests before it (see `Ledger.applyAuthenticated`).
@Suite struct ReplayTests {
    /// Writes an account row, then refuses: only a replay can take the row back.
    static let writeThenRefuse = Operation("write_then_refuse", .mutating, fields: ["to"], summary: "test") { ctx in
        try ctx.store.insertAccount(try ctx.requireAccount("to"), panda: .zero, seq: ctx.seq)
        throw PandaError(.invalid_request, "refused after writing")
    }

    /// Gives another result every time it runs: a replay of it cannot match.
    nonisolated(unsafe) static var runs = 0
    static let unrepeatable = Operation("unrepeatable", .mutating, fields: [], summary: "test") { _ in
        ReplayTests.runs += 1
        return OpOutput(fields: ["run": .number(JSONNumber(ReplayTests.runs))])
    }

    /// Both ways of writing the journal: inline, and on the pipeline's thread (streams).
    @Test(arguments: [false, true]) func aRequestRefusedAfterWritingLeavesNothingAndTheOthersStand(background: Bool) throws {
        let dir = TempDir()
        let l = try openLedger(dir)
        try apply(l, ["op": "fund", "to": "alice", "amount": "100"], op: CoreOperations.fund)
        l.journalsInBackground = background
        try l.beginWrite()
        let first = try l.apply(Request(object: ["op": "transfer", "from": "alice", "to": "bob", "amount": "30"]), operation: CoreOperations.transfer)
        let second = try l.apply(Request(object: ["op": "transfer", "from": "bob", "to": "carol", "amount": "5"]), operation: CoreOperations.transfer)
        #expect(throws: PandaError(.invalid_request, "refused after writing")) {
            try l.apply(Request(object: ["op": "write_then_refuse", "to": "dave"]), operation: ReplayTests.writeThenRefuse)
        }
        // A refusal before any write is taken back by the row cache alone, after the replay as before it.
        #expect(throws: PandaError.self) {
            try l.apply(Request(object: ["op": "transfer", "from": "carol", "to": "alice", "amount": "6"]), operation: CoreOperations.transfer)
        }
        let third = try l.apply(Request(object: ["op": "transfer", "from": "carol", "to": "alice", "amount": "1"]), operation: CoreOperations.transfer)
        try l.commit()
        #expect(third["seq"]?.numberValue?.int64Value == (second["seq"]?.numberValue?.int64Value).map { $0 + 1 })
        var hashes: [Int64: String] = [:]
        try l.journal { hashes[$0.seq] = $0.hash }
        for r in [first, second, third] {
            let seq = try #require(r["seq"]?.numberValue?.int64Value)
            // In the background, a receipt's tx comes with the commit.
            #expect(r["tx"]?.stringValue?.isEmpty == background)
            let tx = background ? l.committedHash(seq: seq) : r["tx"]?.stringValue
            #expect(hashes[seq] == tx, "the journal holds the receipts' hashes")
        }
        #expect(hashes.count == 5)  // init, fund and the three transfers
        let balances = Dictionary(uniqueKeysWithValues: try l.accounts().map { ($0.account, $0.panda.description) })
        #expect(balances == ["alice": "71", "bob": "25", "carol": "4"])  // no "dave": his row was taken back
        #expect(try l.audit().isEmpty)
    }

    @Test(arguments: [false, true]) func aReplayThatDiffersEndsTheTransactionWithAnInternalError(background: Bool) throws {
        let dir = TempDir()
        let l = try openLedger(dir)
        try apply(l, ["op": "fund", "to": "alice", "amount": "100"], op: CoreOperations.fund)
        l.journalsInBackground = background
        let before = try snapshot(l)
        try l.beginWrite()
        _ = try l.apply(Request(object: ["op": "unrepeatable"]), operation: ReplayTests.unrepeatable)
        do {
            _ = try l.apply(Request(object: ["op": "write_then_refuse", "to": "dave"]), operation: ReplayTests.writeThenRefuse)
            Issue.record("applied")
        } catch {
            #expect(error.code == .internal_error)
            #expect(error.code.endsStream)
        }
        l.rollback()
        #expect(try snapshot(l) == before)
        #expect(try l.audit().isEmpty)
    }
}
