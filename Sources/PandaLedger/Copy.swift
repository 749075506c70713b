#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PandaCore

/// `pandactl copy`: a ledger moved to another location, on either engine (SQLite → PostgreSQL and back).
public enum LedgerCopy {
    /// Copies every table of the ledger at `source` (state, journal, migrations; as of one read transaction)
    /// into `target`, which must hold no ledger: a new file (written under a temporary name and linked
    /// into place) or an empty PostgreSQL database (one transaction under the writers' lock). Then the copy
    /// is audited — its journal replayed into a fresh ledger and every state table compared — and every
    /// table of the copy compared with the source's. Returns the receipt fields. `progress` follows the
    /// steps: `copying` (rows), `auditing` (entries), `comparing` (rows).
    public static func copy(from source: String, to target: String, busyTimeout: Int = Ledger.defaultBusyTimeout,
                            progress: ProgressHandler? = nil) throws(PandaError) -> JSONObject {
        let original = try Ledger.open(path: source, readOnly: true, busyTimeout: busyTimeout)
        if LedgerLocation.isPostgres(target) {
            guard try !Backup.postgresHoldsLedger(target) else {
                throw PandaError(.file_exists, "ledger '\(LedgerLocation.display(target))' already exists: the database holds a ledger (refusing to overwrite it)")
            }
            try Backup.copyRows(from: original, into: target, replacing: false, progress: progress)
        } else {
            guard !Ledger.fileExists(target) else {
                throw PandaError(.file_exists, "ledger '\(target)' already exists (refusing to overwrite it)")
            }
            let tmp = target + ".copy-\(getpid())"
            Ledger.removeDatabaseFiles(tmp)
            defer { Ledger.removeDatabaseFiles(tmp) }
            try Backup.copyRows(of: original, toSQLite: tmp, progress: progress)
            guard link(tmp, target) == 0 else {
                let e = errno
                if e == EEXIST { throw PandaError(.file_exists, "ledger '\(target)' already exists (refusing to overwrite it)") }
                throw PandaError(.io_error, "cannot create ledger '\(target)': \(String(cString: strerror(e)))")
            }
        }
        let copy = try Ledger.open(path: target, busyTimeout: busyTimeout)
        let audited = try copy.audit(incremental: false, checkpoint: false, progress: { report(progress, "auditing", "entries", $0, of: $1) })
        if let first = audited.findings.first {
            throw PandaError(.audit_failed, "the copy at '\(LedgerLocation.display(target))' fails audit: \(first)")
        }
        var tables = 0, rows = 0
        do {
            try original.store.beginRead()
            defer { original.store.rollback() }
            try copy.store.beginRead()
            defer { copy.store.rollback() }
            let total = progress == nil ? nil : try original.store.rowCount()
            report(progress, "comparing", "rows", 0, of: total)
            for table in try original.store.allTables() {
                let mine = try original.store.rows(of: table), theirs = try copy.store.rows(of: table)
                guard mine.columns == theirs.columns, mine.rows == theirs.rows else {
                    throw PandaError(.audit_failed, "the copy's table \(table) differs from the original's")
                }
                tables += 1
                rows += mine.rows.count
                report(progress, "comparing", "rows", Int64(rows), of: total)
            }
        } catch let e as PandaError {
            throw e
        } catch let e as DatabaseError {
            throw e.pandaError(ledger: target)
        } catch {
            throw PandaError(.internal_error, "\(error)")
        }
        let head = try copy.journalHead()
        return JSONObject(uniqueMembers: [
            ("from", .string(LedgerLocation.display(source))), ("to", .string(LedgerLocation.display(target))),
            ("from_engine", .string(Ledger.engine(of: source))), ("to_engine", .string(Ledger.engine(of: target))),
            ("head_seq", .number(JSONNumber(head.seq))), ("head_hash", .string(head.hash)),
            ("tables", .number(JSONNumber(Int64(tables)))), ("rows", .number(JSONNumber(Int64(rows)))),
        ])
    }
}
