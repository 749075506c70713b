#if canImport(Glibc)
import Glibc
#endif
import PandaCore
import Testing

@testable import PandaLedger

/// A fresh temp directory per test, removed afterwards.
final class TempDir {
    let path: String
    init() {
        var template = Array("/tmp/pandactl-test.XXXXXX".utf8CString)
        path = String(cString: mkdtemp(&template)!)
    }
    deinit { _ = system("rm -rf '\(path)'") }
    func file(_ name: String) -> String { path + "/" + name }
}

func openLedger(_ dir: TempDir, auth: AuthMode = .open) throws -> Ledger {
    let (l, _) = try Ledger.create(path: dir.file("l.db"), auth: auth, admin: "admin", chainID: "test-chain")
    return l
}

/// Applies one request in its own transaction, like a single command.
@discardableResult
func apply(_ l: Ledger, _ object: JSONObject, op: Operation) throws -> JSONObject {
    try l.beginWrite()
    do {
        let r = try l.apply(Request(object: object), operation: op)
        try l.commit()
        return r
    } catch {
        l.rollback()
        throw error
    }
}

func snapshot(_ l: Ledger) throws -> String {
    let head = try l.journalHead()
    return "\(head.seq) \(head.hash) " + (try l.accounts().map { "\($0.account)=\($0.panda)" }.joined(separator: ","))
}

@Test func createWritesInitEntryAndRefusesOverwrite() throws {
    let dir = TempDir()
    let l = try openLedger(dir)
    #expect(l.info.chainID == "test-chain")
    #expect(l.info.auth == .open)
    #expect(try l.journalHead().seq == 1)
    #expect(try l.audit().isEmpty)
    #expect(throws: PandaError(.file_exists, "ledger '\(dir.file("l.db"))' already exists (refusing to overwrite it)")) {
        try Ledger.create(path: dir.file("l.db"), auth: .open, admin: "admin", chainID: "x")
    }
}

@Test func openRefusesMissingAndForeignFiles() throws {
    let dir = TempDir()
    #expect(throws: PandaError.self) { try Ledger.open(path: dir.file("none.db")) }
    do { _ = try Ledger.open(path: dir.file("none.db")) } catch { #expect(error.code == .ledger_missing) }
    _ = system("echo 'not a database at all, just text that is long enough to be a header' > '\(dir.file("text.db"))'")
    do { _ = try Ledger.open(path: dir.file("text.db")); Issue.record("opened a text file") } catch { #expect(error.code == .ledger_corrupt) }
    _ = system("sqlite3 '\(dir.file("other.db"))' 'create table t(x)'")
    do { _ = try Ledger.open(path: dir.file("other.db")); Issue.record("opened a foreign db") } catch {
        #expect(error.code == .ledger_corrupt)
        #expect(error.message.contains("not a pandactl ledger"))
    }
}

@Test func fundTransferAndExactAmounts() throws {
    let dir = TempDir()
    let l = try openLedger(dir)
    try apply(l, ["op": "fund", "to": "alice", "amount": "100.000000000000000001"], op: CoreOperations.fund)
    let r = try apply(l, ["op": "transfer", "from": "alice", "to": "bob", "amount": "0.000000000000000001"], op: CoreOperations.transfer)
    #expect(r["balances"]?.objectValue?["alice"] == "100")
    #expect(r["balances"]?.objectValue?["bob"] == "0.000000000000000001")
    #expect(r["seq"] == 3)
    #expect(try l.audit().isEmpty)
}

@Test func refusalsChangeNothing() throws {
    let dir = TempDir()
    let l = try openLedger(dir)
    try apply(l, ["op": "fund", "to": "alice", "amount": "10"], op: CoreOperations.fund)
    let before = try snapshot(l)
    let cases: [(JSONObject, Operation, ErrorCode)] = [
        (["op": "transfer", "from": "alice", "to": "bob", "amount": "10.5"], CoreOperations.transfer, .insufficient_funds),
        (["op": "transfer", "from": "ghost", "to": "bob", "amount": "1"], CoreOperations.transfer, .unknown_account),
        (["op": "transfer", "from": "alice", "to": "alice", "amount": "1"], CoreOperations.transfer, .self_transfer),
        (["op": "transfer", "from": "alice", "to": "bob", "amount": "-1"], CoreOperations.transfer, .invalid_amount),
        (["op": "transfer", "from": "alice", "to": "bob", "amount": "0"], CoreOperations.transfer, .invalid_amount),
        (["op": "transfer", "from": "alice", "to": "b o b", "amount": "1"], CoreOperations.transfer, .invalid_account),
        (["op": "transfer", "from": "alice", "amount": "1"], CoreOperations.transfer, .missing_field),
        (["op": "transfer", "from": "alice", "to": "bob", "amount": "1", "amuont": "2"], CoreOperations.transfer, .unknown_field),
        (["op": "fund", "from": "alice", "to": "alice", "amount": "1"], CoreOperations.fund, .not_authorized),
        (["op": "transfer", "from": "alice", "to": "bob", "amount": "1", "chain": "other"], CoreOperations.transfer, .wrong_chain),
        (["op": "transfer", "from": "alice", "to": "bob", "amount": "1", "ts": "yesterday"], CoreOperations.transfer, .invalid_ts),
        (["op": "fund", "to": "alice", "amount": "170141183460469231731"], CoreOperations.fund, .overflow),
    ]
    for (object, op, code) in cases {
        do {
            try apply(l, object, op: op)
            Issue.record("\(object) applied")
        } catch let e as PandaError {
            #expect(e.code == code, "\(object)")
        }
        #expect(try snapshot(l) == before)
    }
    #expect(try l.audit().isEmpty)
}

@Test func noncesAreSingleUse() throws {
    let dir = TempDir()
    let l = try openLedger(dir)
    try apply(l, ["op": "fund", "to": "alice", "amount": "10"], op: CoreOperations.fund)
    try apply(l, ["op": "transfer", "from": "alice", "to": "bob", "amount": "1", "nonce": 7], op: CoreOperations.transfer)
    do {
        try apply(l, ["op": "transfer", "from": "alice", "to": "bob", "amount": "1", "nonce": 7], op: CoreOperations.transfer)
        Issue.record("nonce reused")
    } catch let e as PandaError { #expect(e.code == .replayed_nonce) }
    // Another sender may use the same number; a refused request does not burn its nonce.
    try apply(l, ["op": "fund", "to": "carol", "amount": "1", "nonce": 7], op: CoreOperations.fund)
    #expect(throws: PandaError.self) { try apply(l, ["op": "transfer", "from": "alice", "to": "bob", "amount": "100", "nonce": 8], op: CoreOperations.transfer) }
    try apply(l, ["op": "transfer", "from": "alice", "to": "bob", "amount": "1", "nonce": 8], op: CoreOperations.transfer)
    #expect(try l.audit().isEmpty)
}

@Test func savepointsIsolateLinesInOneTransaction() throws {
    let dir = TempDir()
    let l = try openLedger(dir)
    try l.beginWrite()
    _ = try l.apply(Request(object: ["op": "fund", "to": "alice", "amount": "5"]), operation: CoreOperations.fund)
    #expect(throws: PandaError.self) {
        try l.apply(Request(object: ["op": "transfer", "from": "alice", "to": "bob", "amount": "6"]), operation: CoreOperations.transfer)
    }
    _ = try l.apply(Request(object: ["op": "transfer", "from": "alice", "to": "bob", "amount": "2"]), operation: CoreOperations.transfer)
    try l.commit()
    #expect(try l.journalHead().seq == 3)
    #expect(try l.accounts().map { "\($0.account)=\($0.panda)" } == ["alice=3", "bob=2"])
    #expect(try l.audit().isEmpty)
}

@Test func tsOnlyFromAdminOnSignedLedgersAndFreeOnOpenOnes() throws {
    let dir = TempDir()
    let l = try openLedger(dir)
    let r = try apply(l, ["op": "fund", "to": "alice", "amount": "5", "ts": "2099-01-01T00:00:00Z"], op: CoreOperations.fund)
    #expect(r["ts"] == "2099-01-01T00:00:00.000Z")
    // Journal time never decreases: the clock stamps max(now, last ts); an earlier ts is refused.
    let next = try apply(l, ["op": "fund", "to": "alice", "amount": "1"], op: CoreOperations.fund)
    #expect(next["ts"] == "2099-01-01T00:00:00.000Z")
    try expectRefused(l, ["op": "fund", "to": "alice", "amount": "1", "ts": "2098-12-31T23:59:59.999Z"], op: CoreOperations.fund, .ts_out_of_order)
    #expect(try l.audit().isEmpty)
}

@Test func signedLedgersRefuseUnsignedRequests() throws {
    let dir = TempDir()
    let (l, _) = try Ledger.create(path: dir.file("s.db"), auth: .signed, admin: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", chainID: "c")
    let reopened = try Ledger.open(path: dir.file("s.db"))
    #expect(reopened.authenticator != nil)
    do {
        try apply(reopened, ["op": "fund", "from": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "to": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "amount": "1"], op: CoreOperations.fund)
        Issue.record("applied without a signature")
    } catch let e as PandaError { #expect(e.code == .bad_signature) }
    #expect(try l.journalHead().seq == 1)
    #expect(throws: PandaError.self) { try Ledger.create(path: dir.file("s2.db"), auth: .signed, admin: "alice", chainID: "c") }
}

@Test func auditFindsEditsBehindTheToolsBack() throws {
    let dir = TempDir()
    let l = try openLedger(dir)
    try apply(l, ["op": "fund", "to": "alice", "amount": "10"], op: CoreOperations.fund)
    try apply(l, ["op": "transfer", "from": "alice", "to": "bob", "amount": "4"], op: CoreOperations.transfer)
    #expect(try l.audit().isEmpty)
    let edits = [
        "UPDATE accounts SET panda = '5000000000000000000' WHERE account = 'bob'",
        "UPDATE accounts SET panda = 'abc' WHERE account = 'bob'",
        "DELETE FROM accounts WHERE account = 'bob'",
        "INSERT INTO accounts VALUES ('mallory', '1', 9)",
        "UPDATE totals SET amount = '1' WHERE name = 'funded'",
        "UPDATE journal SET result = replace(result, '\"4\"', '\"5\"') WHERE seq = 3",
        "DELETE FROM journal WHERE seq = 2",
        "UPDATE journal SET sender = 'admin' WHERE seq = 3",
        "UPDATE ledger_meta SET value = 'other' WHERE key = 'chain_id'",
        "UPDATE roles SET account = 'bob'",
        "INSERT INTO nonces VALUES ('alice', 1, 3)",
    ]
    for (i, edit) in edits.enumerated() {
        let copy = dir.file("copy\(i).db")
        // Copy through SQLite (the WAL may hold the latest pages), then edit the copy behind the tools' back.
        _ = system("sqlite3 '\(dir.file("l.db"))' \".backup '\(copy)'\" && sqlite3 '\(copy)' \"\(edit)\"")
        let findings = try Ledger.open(path: copy).audit()
        #expect(!findings.isEmpty, "audit missed: \(edit)")
    }
}

@Test func backupAndRestoreRoundTrip() throws {
    let dir = TempDir()
    let l = try openLedger(dir)
    try apply(l, ["op": "fund", "to": "alice", "amount": "10"], op: CoreOperations.fund)
    for compression in ["b.tar.zst", "b.tar.gz", "b.tar.xz", "b.tar"] {
        let r = try Backup.create(from: l, to: dir.file(compression), toolVersion: "test")
        #expect(r["head_seq"] == 2)
        let restored = dir.file("restored-\(compression).db")
        _ = try Backup.restore(archive: dir.file(compression), to: restored, force: false)
        let back = try Ledger.open(path: restored)
        #expect(try back.accounts().map(\.panda) == [Amount(panda: 10)])
        #expect(try back.journalHead() == (try l.journalHead()))
        #expect(try back.audit().isEmpty)
    }
    do { _ = try Backup.create(from: l, to: dir.file("b.tar.zst"), toolVersion: "test"); Issue.record("overwrote") } catch { #expect(error.code == .file_exists) }
    do { _ = try Backup.restore(archive: dir.file("b.tar.zst"), to: dir.file("l.db"), force: false); Issue.record("replaced") } catch { #expect(error.code == .file_exists) }
    // Restoring over a live ledger with force rolls it back to the backup.
    try apply(l, ["op": "fund", "to": "bob", "amount": "1"], op: CoreOperations.fund)
    _ = try Backup.restore(archive: dir.file("b.tar.zst"), to: dir.file("l.db"), force: true)
    #expect(try Ledger.open(path: dir.file("l.db")).accounts().map(\.account) == ["alice"])
}

@Test func restoreRefusesDamagedArchives() throws {
    let dir = TempDir()
    let l = try openLedger(dir)
    try apply(l, ["op": "fund", "to": "alice", "amount": "10"], op: CoreOperations.fund)
    _ = try Backup.create(from: l, to: dir.file("b.tar"), toolVersion: "test")
    // Flip a byte inside the database entry (past the manifest's 512-byte header and block).
    _ = system("printf 'Z' | dd of='\(dir.file("b.tar"))' bs=1 seek=3000 conv=notrunc 2>/dev/null")
    do { _ = try Backup.restore(archive: dir.file("b.tar"), to: dir.file("r.db"), force: false); Issue.record("restored a damaged backup") } catch {
        #expect(error.code == .bad_backup)
    }
    #expect(!Ledger.fileExists(dir.file("r.db")))
    _ = system("echo junk > '\(dir.file("junk.tar.zst"))'")
    do { _ = try Backup.restore(archive: dir.file("junk.tar.zst"), to: dir.file("r.db"), force: false); Issue.record("restored junk") } catch {
        #expect(error.code == .bad_backup)
    }
}

@Test func backupsRemoveWhatKilledBackupsLeftAndNothingElse() throws {
    let dir = TempDir()
    // A process id that is not running (probed), and one that is (this test's own parent).
    var dead: Int32 = 4_000_000
    while kill(dead, 0) == 0 || errno != ESRCH { dead -= 1 }
    let live = getppid()
    let target = dir.path + "/ledger.tar.zst"
    let left = [".pandactl-backup-\(dead).db", ".pandactl-backup-\(dead).db-journal", ".pandactl-backup-\(dead).db-wal",
                ".pandactl-backup-\(dead).db-shm", "ledger.tar.zst.part-\(dead)"]
    let kept = [".pandactl-backup-\(live).db", ".pandactl-backup-\(live).db-journal", "ledger.tar.zst.part-\(live)",
                ".pandactl-backup-\(dead).dbx", ".pandactl-backup-x\(dead).db", "other.tar.zst.part-\(dead)", "ledger.db"]
    // Only the journal of a snapshot (the snapshot itself already gone) is removed as well.
    var other = dead - 1
    while kill(other, 0) == 0 || errno != ESRCH { other -= 1 }
    let orphan = ".pandactl-backup-\(other).db-journal"
    for name in left + kept + [orphan] { #expect(creat(dir.path + "/" + name, 0o600) >= 0) }
    Backup.removeStaleTemporaries(directory: dir.path, archive: target)
    for name in left + [orphan] { #expect(access(dir.path + "/" + name, F_OK) != 0, "\(name) should be gone") }
    for name in kept { #expect(access(dir.path + "/" + name, F_OK) == 0, "\(name) should be kept") }
}
