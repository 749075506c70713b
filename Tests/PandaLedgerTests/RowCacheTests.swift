import PandaCore
import Testing

@testable import PandaLedger

/// The write-back row cache must behave exactly like SQLite's own savepoints and transactions.
@Suite struct RowCacheTests {
    static func fresh(_ dir: TempDir) throws -> Ledger {
        let l = try openLedger(dir)
        try apply(l, ["to": "alice", "amount": "100"], op: CoreOperations.fund)
        return l
    }

    static func sqlBalance(_ l: Ledger, _ account: String) throws -> Amount? { try l.store.sqlBalance(account) }

    @Test func rolledBackSavepointRestoresTheCachedRow() throws {
        let dir = TempDir(), l = try Self.fresh(dir)
        try l.beginWrite()
        try l.store.savepoint()
        try l.store.updateBalance("alice", panda: Amount(panda: 70))
        try l.store.releaseSavepoint()
        try l.store.savepoint()
        try l.store.updateBalance("alice", panda: Amount(panda: 5))
        try l.store.updateBalance("alice", panda: Amount(panda: 1))
        #expect(try l.store.balance("alice") == Amount(panda: 1))
        try l.store.rollbackToSavepoint()
        #expect(try l.store.balance("alice") == Amount(panda: 70))
        // deferred: SQL still has the committed value until COMMIT
        #expect(try Self.sqlBalance(l, "alice") == Amount(panda: 100))
        try l.commit()
        #expect(try Self.sqlBalance(l, "alice") == Amount(panda: 70))
    }

    @Test func flushInsideARolledBackSavepointLeavesTheRowDirty() throws {
        let dir = TempDir(), l = try Self.fresh(dir)
        try l.beginWrite()
        try l.store.updateBalance("alice", panda: Amount(panda: 60))  // dirty before the savepoint
        try l.store.savepoint()
        _ = try l.store.accounts()  // flushes: SQL now says 60, inside the savepoint
        #expect(try Self.sqlBalance(l, "alice") == Amount(panda: 60))
        try l.store.rollbackToSavepoint()  // SQLite undoes that write; the cache must write 60 again
        #expect(try Self.sqlBalance(l, "alice") == Amount(panda: 100))
        try l.commit()
        #expect(try Self.sqlBalance(l, "alice") == Amount(panda: 60))
    }

    @Test func insertedAccountDisappearsWithItsSavepoint() throws {
        let dir = TempDir(), l = try Self.fresh(dir)
        try l.beginWrite()
        try l.store.savepoint()
        #expect(try l.store.balance("bob") == nil)
        try l.store.insertAccount("bob", panda: Amount(panda: 3), seq: 9)
        #expect(try l.store.balance("bob") == Amount(panda: 3))
        try l.store.rollbackToSavepoint()
        #expect(try l.store.balance("bob") == nil)
        try l.commit()
        #expect(try Self.sqlBalance(l, "bob") == nil)
    }

    /// Ledger settings read in a transaction are read once, and always say what the ledger says: after a
    /// write, after a savepoint taken back (before and after the key existed), after the transaction.
    @Test func settingsReadInATransactionFollowTheLedger() throws {
        let dir = TempDir(), l = try Self.fresh(dir)
        func sql(_ key: String) throws -> String? {
            try l.store.db.statement("SELECT value FROM ledger_meta WHERE key = ?").first([.text(key)]) { $0.text(0) } ?? nil
        }
        try l.beginWrite()
        #expect(try l.store.meta("trading_fee_bps") == nil)
        try l.store.setMeta("trading_fee_bps", "10")
        #expect(try l.store.meta("trading_fee_bps") == "10")
        try l.store.savepoint()
        try l.store.setMeta("trading_fee_bps", "25")
        try l.store.setMeta("other", "x")
        #expect(try l.store.meta("trading_fee_bps") == "25" && l.store.meta("other") == "x")
        try l.store.rollbackToSavepoint()
        #expect(try l.store.meta("trading_fee_bps") == "10")
        #expect(try l.store.meta("other") == nil)
        #expect(try sql("trading_fee_bps") == "10" && sql("other") == nil)
        l.rollback()
        #expect(try l.store.meta("trading_fee_bps") == nil)
        try l.beginWrite()
        try l.store.setMeta("trading_fee_bps", "7")
        try l.commit()
        #expect(try l.store.meta("trading_fee_bps") == "7" && sql("trading_fee_bps") == "7")
    }

    @Test func rolledBackTransactionForgetsEverything() throws {
        let dir = TempDir(), l = try Self.fresh(dir)
        try l.beginWrite()
        try l.store.updateBalance("alice", panda: Amount(panda: 1))
        l.rollback()
        #expect(try l.store.balance("alice") == Amount(panda: 100))
        #expect(!l.store.cache.active)
    }

    /// A refused line in a grouped transaction leaves no trace; the lines around it apply in full.
    @Test func refusedLineAmongGroupedLinesChangesNothing() throws {
        let dir = TempDir(), l = try Self.fresh(dir)
        try l.beginWrite()
        _ = try l.apply(Request(object: ["from": "alice", "to": "bob", "amount": "30"]), operation: CoreOperations.transfer)
        #expect(throws: PandaError.self) {
            _ = try l.apply(Request(object: ["from": "alice", "to": "bob", "amount": "71"]), operation: CoreOperations.transfer)
        }
        _ = try l.apply(Request(object: ["from": "bob", "to": "carol", "amount": "10"]), operation: CoreOperations.transfer)
        try l.commit()
        #expect(try Self.sqlBalance(l, "alice") == Amount(panda: 70))
        #expect(try Self.sqlBalance(l, "bob") == Amount(panda: 20))
        #expect(try Self.sqlBalance(l, "carol") == Amount(panda: 10))
        #expect(try l.audit().isEmpty)
    }
}
