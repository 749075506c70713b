#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CArchive
import CSQLite3
import PandaCore
import PandaCrypto

/// Backups: an SQLite online backup of the ledger in a compressed tar archive (written with
/// libarchive) beside a manifest with the database's size and SHA-256.
public enum Backup {
    static let databaseEntry = "panda.db"
    static let manifestEntry = "manifest.json"
    static let formatName = "pandactl-backup"

    /// The archive compression, from the file name: `.tar.gz`/`.tgz` gzip, `.tar.xz` xz, `.tar` none,
    /// anything else zstd.
    public enum Compression: String, Sendable { case zstd, gzip, xz, none }

    public static func compression(forPath path: String) -> Compression {
        if path.hasSuffix(".tar.gz") || path.hasSuffix(".tgz") { return .gzip }
        if path.hasSuffix(".tar.xz") || path.hasSuffix(".txz") { return .xz }
        if path.hasSuffix(".tar") { return .none }
        return .zstd
    }

    /// Writes a backup of `ledger` to `path` (via a temporary file renamed into place, so a failed
    /// backup leaves no partial archive). Returns the receipt fields. `progress` follows the steps: `copying`
    /// (pages of an SQLite ledger, rows of a PostgreSQL one), `checksumming` and `archiving` (bytes).
    public static func create(from ledger: Ledger, to path: String, toolVersion: String, now: Timestamp = .now(),
                              progress: ProgressHandler? = nil) throws(PandaError) -> JSONObject {
        guard !Ledger.fileExists(path) else { throw PandaError(.file_exists, "backup '\(path)' already exists (refusing to overwrite it)") }
        let dir = directory(of: path)
        removeStaleTemporaries(directory: dir, archive: path)
        let snapshot = dir + "/.pandactl-backup-\(getpid()).db"
        defer { Ledger.removeDatabaseFiles(snapshot) }

        // 1. A consistent copy through SQLite's online backup API (concurrent writers may go on); of a
        //    PostgreSQL ledger, its rows as of one snapshot, written into an SQLite file of the same schema.
        if let handle = ledger.db.sqliteHandle {
            try onlineCopy(from: handle, fromName: ledger.path, toPath: snapshot, busyTimeout: ledger.busyTimeout, progress: progress)
        } else {
            try copyRows(of: ledger, toSQLite: snapshot, progress: progress)
        }
        let head: (seq: Int64, hash: String)
        do {
            let copy = try Ledger.open(path: snapshot, readOnly: true)
            head = try copy.journalHead()
        }
        let (size, digest) = try checksum(file: snapshot, progress: progress)

        // 2. The archive: manifest first, then the database.
        var manifest = JSONObject()
        manifest.appendUnique("format", .string(formatName))
        manifest.appendUnique("version", 1)
        manifest.appendUnique("created_at", .string(now.rfc3339))
        manifest.appendUnique("pandactl", .string(toolVersion))
        manifest.appendUnique("chain_id", .string(ledger.info.chainID))
        manifest.appendUnique("head_seq", .number(JSONNumber(head.seq)))
        manifest.appendUnique("head_hash", .string(head.hash))
        manifest.appendUnique("file", .string(databaseEntry))
        manifest.appendUnique("bytes", .number(JSONNumber(size)))
        manifest.appendUnique("sha256", .string(digest))
        var manifestBytes: [UInt8] = []
        JSONWriter.write(.object(manifest), into: &manifestBytes)
        manifestBytes.append(0x0A)

        let compression = compression(forPath: path)
        try writeArchive(path, compression: compression, what: "backup", now: now) { archive throws(PandaError) in
            try archive.add(manifestEntry, bytes: manifestBytes, perm: 0o600)
            let fd = Glibc.open(snapshot, O_RDONLY)
            guard fd >= 0 else { throw PandaError(.io_error, "cannot read the backup snapshot: \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            try archive.add(databaseEntry, size: size, perm: 0o600) { write in
                var buf = [UInt8](repeating: 0, count: 1 << 16)
                var done: Int64 = 0
                report(progress, "archiving", "bytes", 0, of: size)
                while true {
                    let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if n < 0 { if errno == EINTR { continue }; throw PandaError(.io_error, "reading the backup snapshot: \(String(cString: strerror(errno)))") }
                    if n == 0 { break }
                    try buf.withUnsafeBytes { try write(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                    done += Int64(n)
                    report(progress, "archiving", "bytes", done, of: size)
                }
            }
        }
        return JSONObject(uniqueMembers: [
            ("file", .string(path)), ("compression", .string(compression.rawValue)),
            ("head_seq", .number(JSONNumber(head.seq))), ("head_hash", .string(head.hash)),
            ("bytes", .number(JSONNumber(size))), ("sha256", .string(digest)),
        ])
    }

    /// Restores a backup archive into `ledgerPath`. The database is checked against the manifest's
    /// size and SHA-256 and must pass `audit` before anything is replaced. An existing ledger is replaced
    /// only with `force` (through SQLite's backup API, so other processes see a consistent switch).
    /// `progress` follows the steps: `extracting` and `checksumming` (bytes), `auditing` (entries), then
    /// `copying` over an existing ledger (pages) or into PostgreSQL (rows).
    public static func restore(archive path: String, to ledgerPath: String, force: Bool,
                               progress: ProgressHandler? = nil) throws(PandaError) -> JSONObject {
        guard Ledger.fileExists(path) else { throw PandaError(.ledger_missing, "no backup at '\(path)'") }
        let postgres = LedgerLocation.isPostgres(ledgerPath)
        let exists = postgres ? try postgresHoldsLedger(ledgerPath) : Ledger.fileExists(ledgerPath)
        if exists && !force {
            throw PandaError(.file_exists, "ledger '\(ledgerPath)' exists; pass --force to replace it with the backup")
        }
        let staging = (postgres ? temporaryDirectory : directory(of: ledgerPath)) + "/.pandactl-restore-\(getpid()).db"
        defer { Ledger.removeDatabaseFiles(staging) }
        let manifest: JSONObject
        do { manifest = try extract(archive: path, databaseTo: staging, progress: progress) } catch let e as PandaError { throw e } catch {
            throw PandaError(.bad_backup, "'\(path)': \(error)")
        }
        guard manifest["format"]?.stringValue == formatName, let expectedSum = manifest["sha256"]?.stringValue,
            let expectedSize = manifest["bytes"]?.numberValue?.int64Value
        else { throw PandaError(.bad_backup, "'\(path)' is not a pandactl backup (bad manifest)") }
        let (size, digest) = try checksum(file: staging, progress: progress)
        guard size == expectedSize, digest == expectedSum else {
            throw PandaError(.bad_backup, "'\(path)': the database fails its checksum (sha256 \(digest), manifest says \(expectedSum))")
        }
        let headSeq: Int64
        do {
            let candidate = try Ledger.open(path: staging)
            let findings = try candidate.audit(incremental: false, checkpoint: false, progress: { report(progress, "auditing", "entries", $0, of: $1) }).findings
            if let first = findings.first { throw PandaError(.bad_backup, "'\(path)': the backed-up ledger fails audit: \(first)") }
            headSeq = try candidate.journalHead().seq
        }
        if postgres {
            try copyRows(fromSQLite: staging, into: ledgerPath, replacing: exists, progress: progress)
            return JSONObject(uniqueMembers: [
                ("file", .string(path)), ("ledger", .string(LedgerLocation.display(ledgerPath))), ("head_seq", .number(JSONNumber(headSeq))),
                ("sha256", .string(digest)), ("replaced", .bool(exists)),
            ])
        }
        var movedAside: String?
        var linkIntoPlace = !exists
        if exists {
            do throws(PandaError) {
                let target = try Ledger.open(path: ledgerPath)
                guard let handle = target.db.sqliteHandle else { throw PandaError(.internal_error, "'\(ledgerPath)' is not an SQLite ledger") }
                try onlineCopy(fromPath: staging, into: handle, intoName: ledgerPath, busyTimeout: target.busyTimeout, progress: progress)
            } catch {
                // A damaged ledger (the usual reason to restore) cannot take an online copy: it is moved aside,
                // kept for inspection, never deleted, and the backup linked into its place.
                guard error.code == .ledger_corrupt else { throw error }
                let aside = ledgerPath + ".damaged-\(Timestamp.now().milliseconds)"
                for suffix in ["", "-wal", "-shm"] where Ledger.fileExists(ledgerPath + suffix) {
                    guard rename(ledgerPath + suffix, aside + suffix) == 0 else {
                        throw PandaError(.io_error, "cannot move the damaged ledger aside to '\(aside)': \(String(cString: strerror(errno)))")
                    }
                }
                movedAside = aside
                linkIntoPlace = true
            }
        }
        if linkIntoPlace {
            // Write the database fully, then link it into place (never clobbering a file that appeared meanwhile).
            do { let c = try Ledger.open(path: staging); try c.checkpoint() }
            guard link(staging, ledgerPath) == 0 else {
                throw PandaError(.io_error, "cannot create '\(ledgerPath)': \(String(cString: strerror(errno)))")
            }
        }
        var receipt = JSONObject(uniqueMembers: [
            ("file", .string(path)), ("ledger", .string(ledgerPath)), ("head_seq", .number(JSONNumber(headSeq))),
            ("sha256", .string(digest)), ("replaced", .bool(exists)),
        ])
        if let movedAside { receipt.appendUnique("damaged_ledger_moved_to", .string(movedAside)) }
        return receipt
    }

    // MARK: Helpers

    /// Removes what killed backups and audits left in a directory: `ARCHIVE.part-PID`, and
    /// `.pandactl-backup-PID.db` / `.pandactl-audit-PID.db` (with its -journal/-wal/-shm, each on its own) of
    /// processes that no longer exist. A running backup's or audit's files are left alone.
    static func removeStaleTemporaries(directory dir: String, archive path: String?) {
        guard let d = opendir(dir) else { return }
        defer { closedir(d) }
        let archiveName = path.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
        var stale: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            var pidText: Substring?
            if let prefix = [".pandactl-backup-", ".pandactl-audit-"].first(where: { name.hasPrefix($0) }) {
                // The snapshot or replica and its journal files, whichever of them a kill left behind.
                let rest = name.dropFirst(prefix.count)
                let digits = rest.prefix { $0.isASCII && $0.isNumber }
                if [".db", ".db-journal", ".db-wal", ".db-shm"].contains(String(rest.dropFirst(digits.count))) { pidText = digits }
            } else if let archiveName, name.hasPrefix(archiveName + ".part-") {
                pidText = name.dropFirst(archiveName.count + ".part-".count)
            }
            guard let pidText, let pid = Int32(pidText), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { stale.append(dir + "/" + name) }
        }
        for file in stale { unlink(file) }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let d = String(path[..<slash])
        return d.isEmpty ? "/" : d
    }

    /// The file's size and SHA-256 (`progress`: step `checksumming`, in bytes).
    static func checksum(file: String, progress: ProgressHandler? = nil) throws(PandaError) -> (Int64, String) {
        let fd = Glibc.open(file, O_RDONLY)
        guard fd >= 0 else { throw PandaError(.io_error, "cannot read '\(file)': \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        let size: Int64? = progress != nil && fstat(fd, &st) == 0 ? Int64(st.st_size) : nil
        report(progress, "checksumming", "bytes", 0, of: size)
        var hasher = SHA256Hasher()
        var total: Int64 = 0
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; throw PandaError(.io_error, "reading '\(file)': \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            buf.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            total += Int64(n)
            report(progress, "checksumming", "bytes", total, of: size.map { max($0, total) })
        }
        return (total, hasher.finalize().hexString)
    }

    static func fsyncFile(_ path: String) throws(PandaError) {
        let fd = Glibc.open(path, O_RDONLY)
        guard fd >= 0 else { throw PandaError(.io_error, "cannot open '\(path)': \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw PandaError(.io_error, "cannot sync '\(path)': \(String(cString: strerror(errno)))") }
    }

    static func archiveError(_ a: OpaquePointer, _ what: String) -> PandaError {
        let detail = archive_error_string(a).map { String(cString: $0) } ?? "unknown error"
        return PandaError(.io_error, "\(what): \(detail)")
    }

    /// Writes a tar archive (pax, compressed as asked) to a temporary file beside `path`, syncs it and links
    /// it into place only when complete: `path` never holds half an archive, and an existing file is never
    /// replaced (`file_exists`, "<what> '<path>' already exists"). Backups and model bundles both use it.
    static func writeArchive(_ path: String, compression: Compression, what: String, now: Timestamp,
                             _ body: (ArchiveWriter) throws(PandaError) -> Void) throws(PandaError) {
        let tmp = path + ".part-\(getpid())"
        defer { unlink(tmp) }
        guard let a = archive_write_new() else { throw PandaError(.internal_error, "libarchive: out of memory") }
        defer { archive_write_free(a) }
        archive_write_set_format_pax_restricted(a)
        let filterRC: Int32
        switch compression {
        case .zstd: filterRC = archive_write_add_filter_zstd(a)
        case .gzip: filterRC = archive_write_add_filter_gzip(a)
        case .xz: filterRC = archive_write_add_filter_xz(a)
        case .none: filterRC = ARCHIVE_OK
        }
        guard filterRC == ARCHIVE_OK else { throw archiveError(a, "cannot use \(compression.rawValue) compression") }
        guard archive_write_open_filename(a, tmp) == ARCHIVE_OK else { throw archiveError(a, "cannot write '\(path)'") }
        try body(ArchiveWriter(a: a, mtime: now))
        guard archive_write_close(a) == ARCHIVE_OK else { throw archiveError(a, "cannot finish '\(path)'") }
        try fsyncFile(tmp)
        guard link(tmp, path) == 0 else {
            if errno == EEXIST { throw PandaError(.file_exists, "\(what) '\(path)' already exists (refusing to overwrite it)") }
            throw PandaError(.io_error, "cannot create '\(path)': \(String(cString: strerror(errno)))")
        }
    }

    /// Adds regular-file entries to an archive being written by `writeArchive`.
    struct ArchiveWriter {
        let a: OpaquePointer
        let mtime: Timestamp

        func add(_ name: String, bytes: [UInt8], perm: mode_t) throws(PandaError) {
            try add(name, size: Int64(bytes.count), perm: perm) { write in try bytes.withUnsafeBytes { try write($0) } }
        }

        /// An entry of `size` bytes whose data `body` hands to `write` in chunks.
        func add(_ name: String, size: Int64, perm: mode_t,
                 _ body: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws(PandaError) {
            guard let entry = archive_entry_new() else { throw PandaError(.internal_error, "libarchive: out of memory") }
            defer { archive_entry_free(entry) }
            archive_entry_set_pathname(entry, name)
            archive_entry_set_size(entry, size)
            archive_entry_set_filetype(entry, 0o100000)
            archive_entry_set_perm(entry, perm)
            archive_entry_set_mtime(entry, time_t(mtime.milliseconds / 1000), 0)
            guard archive_write_header(a, entry) == ARCHIVE_OK else { throw archiveError(a, "cannot write entry \(name)") }
            do {
                try body { (chunk: UnsafeRawBufferPointer) throws in
                    var off = 0
                    while off < chunk.count {
                        let n = archive_write_data(a, chunk.baseAddress! + off, chunk.count - off)
                        guard n > 0 else { throw archiveError(a, "cannot write entry \(name)") }
                        off += n
                    }
                }
            } catch let e as PandaError {
                throw e
            } catch {
                throw PandaError(.internal_error, "\(error)")
            }
        }
    }

    /// Reads the archive: returns the manifest and writes the database entry to `databaseTo`.
    /// `progress`: step `extracting`, in bytes of the database.
    private static func extract(archive path: String, databaseTo out: String, progress: ProgressHandler?) throws -> JSONObject {
        guard let a = archive_read_new() else { throw PandaError(.internal_error, "libarchive: out of memory") }
        defer { archive_read_free(a) }
        archive_read_support_filter_all(a)
        archive_read_support_format_tar(a)
        guard archive_read_open_filename(a, path, 1 << 16) == ARCHIVE_OK else {
            throw PandaError(.bad_backup, "'\(path)' is not a readable backup archive: \(String(cString: archive_error_string(a)))")
        }
        var manifest: JSONObject?
        var sawDatabase = false
        var entry: OpaquePointer?
        while true {
            let rc = archive_read_next_header(a, &entry)
            if rc == ARCHIVE_EOF { break }
            guard rc == ARCHIVE_OK || rc == ARCHIVE_WARN, let entry else {
                throw PandaError(.bad_backup, "'\(path)' is damaged: \(String(cString: archive_error_string(a)))")
            }
            let name = String(cString: archive_entry_pathname(entry))
            if name == manifestEntry {
                var bytes: [UInt8] = []
                try readData(a, path) { bytes += $0; if bytes.count > 1 << 20 { throw PandaError(.bad_backup, "'\(path)': manifest too large") } }
                guard let m = try? JSONParser.parse(bytes).objectValue else { throw PandaError(.bad_backup, "'\(path)': the manifest is not JSON") }
                manifest = m
            } else if name == databaseEntry {
                let fd = Glibc.open(out, O_WRONLY | O_CREAT | O_EXCL, 0o600)
                guard fd >= 0 else { throw PandaError(.io_error, "cannot write '\(out)': \(String(cString: strerror(errno)))") }
                defer { close(fd) }
                let size: Int64? = archive_entry_size_is_set(entry) != 0 ? archive_entry_size(entry) : nil
                var done: Int64 = 0
                report(progress, "extracting", "bytes", 0, of: size)
                try readData(a, path) { (chunk: UnsafeRawBufferPointer) throws in
                    done += Int64(chunk.count)
                    report(progress, "extracting", "bytes", done, of: size.map { max($0, done) })
                    var off = 0
                    while off < chunk.count {
                        let n = write(fd, chunk.baseAddress! + off, chunk.count - off)
                        if n < 0 { if errno == EINTR { continue }; throw PandaError(.io_error, "writing '\(out)': \(String(cString: strerror(errno)))") }
                        off += n
                    }
                }
                guard fsync(fd) == 0 else { throw PandaError(.io_error, "cannot sync '\(out)': \(String(cString: strerror(errno)))") }
                sawDatabase = true
            } else {
                archive_read_data_skip(a)
            }
        }
        guard let manifest, sawDatabase else { throw PandaError(.bad_backup, "'\(path)' is not a pandactl backup (no manifest or database)") }
        return manifest
    }

    private static func readData(_ a: OpaquePointer, _ path: String, _ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buf.withUnsafeMutableBytes { archive_read_data(a, $0.baseAddress, $0.count) }
            if n == 0 { return }
            guard n > 0 else { throw PandaError(.bad_backup, "'\(path)' is damaged: \(String(cString: archive_error_string(a)))") }
            try buf.withUnsafeBytes { (b: UnsafeRawBufferPointer) throws in try sink(UnsafeRawBufferPointer(rebasing: b[0..<n])) }
        }
    }

    static var temporaryDirectory: String {
        if let t = getenv("TMPDIR"), t.pointee != 0 { return String(cString: t) }
        return "/tmp"
    }

    /// Whether the PostgreSQL database at `url` holds a ledger (the target of a restore).
    static func postgresHoldsLedger(_ url: String) throws(PandaError) -> Bool {
        let db = try Ledger.connectPostgres(url, busyTimeout: Ledger.defaultBusyTimeout)
        do { return try LedgerStore(db: db).tableExists("ledger_meta") } catch { throw error.pandaError(ledger: url) }
    }

    /// A PostgreSQL ledger's rows as of one snapshot (a repeatable-read transaction: writers go on), written
    /// into a new SQLite file with the same schema: the database a backup archive holds, as on SQLite.
    static func copyRows(of ledger: Ledger, toSQLite snapshot: String, progress: ProgressHandler? = nil) throws(PandaError) {
        do {
            let db = Database(try SQLiteConnection(path: snapshot, mode: .create), path: snapshot)
            try db.exec("PRAGMA journal_mode = WAL")
            let copy = LedgerStore(db: db)
            try ledger.store.beginRead()
            defer { ledger.store.rollback() }
            try copy.beginImmediate()
            try Ledger.migrate(copy, from: 0)
            try copy.replaceRows(from: ledger.store, progress: progress)
            try copy.commit()
        } catch let e as PandaError {
            throw e
        } catch let e as DatabaseError {
            throw e.pandaError(ledger: ledger.path)
        } catch {
            throw PandaError(.internal_error, "\(error)")
        }
    }

    /// Writes an audited backup's rows into a PostgreSQL database, in one transaction under the writers'
    /// lock: into an empty database (the schema created first), or over the ledger it holds (`replacing`,
    /// after `--force`; brought to the current schema by opening it). Other processes see the old ledger
    /// or the restored one, never a mix.
    static func copyRows(fromSQLite staging: String, into url: String, replacing: Bool, progress: ProgressHandler? = nil) throws(PandaError) {
        if replacing { _ = try Ledger.open(path: url) }
        try copyRows(from: try Ledger.open(path: staging, readOnly: true), into: url, replacing: replacing, progress: progress)
    }

    /// `source`'s rows (as of one read transaction) into the PostgreSQL database at `url` (see above).
    static func copyRows(from source: Ledger, into url: String, replacing: Bool, progress: ProgressHandler? = nil) throws(PandaError) {
        let db = try Ledger.connectPostgres(url, busyTimeout: Ledger.defaultBusyTimeout)
        let target = LedgerStore(db: db)
        do {
            try source.store.beginRead()
            defer { source.store.rollback() }
            try target.beginImmediate()
            if try target.tableExists("ledger_meta") != replacing {
                throw PandaError(.file_exists, "ledger '\(LedgerLocation.display(url))' changed during the restore; nothing was restored")
            }
            if !replacing { try Ledger.migrate(target, from: 0) }
            try target.replaceRows(from: source.store, progress: progress)
            try target.commit()
        } catch let e as PandaError {
            target.rollback()
            throw e
        } catch let e as DatabaseError {
            target.rollback()
            throw e.pandaError(ledger: url)
        } catch {
            target.rollback()
            throw PandaError(.internal_error, "\(error)")
        }
    }

    /// Copies a live database into a new file with `sqlite3_backup_*`. The copy goes in steps (for
    /// progress) inside one read transaction on the source: every step reads the same snapshot, so
    /// writers in other processes go on without restarting the copy.
    static func onlineCopy(from source: OpaquePointer, fromName: String, toPath: String, busyTimeout: Int,
                           progress: ProgressHandler? = nil) throws(PandaError) {
        let dest: SQLiteConnection
        do { dest = try SQLiteConnection(path: toPath, mode: .create) } catch { throw error.pandaError(ledger: toPath) }
        guard sqlite3_get_autocommit(source) != 0 else { throw PandaError(.internal_error, "a backup began inside a transaction") }
        var waited = 0
        while true {
            let rc = sqlite3_exec(source, "BEGIN; SELECT count(*) FROM sqlite_master", nil, nil, nil)
            if rc == SQLITE_OK { break }
            sqlite3_exec(source, "ROLLBACK", nil, nil, nil)
            guard rc == SQLITE_BUSY || rc == SQLITE_LOCKED, waited < busyTimeout else {
                if rc == SQLITE_BUSY || rc == SQLITE_LOCKED { throw PandaError(.ledger_busy, "ledger '\(fromName)' stayed busy during the backup") }
                throw PandaError(.io_error, "cannot back up '\(fromName)': \(String(cString: sqlite3_errmsg(source)))")
            }
            usleep(20_000); waited += 20
        }
        defer { sqlite3_exec(source, "ROLLBACK", nil, nil, nil) }
        try runBackup(from: source, into: dest.handle, name: fromName, busyTimeout: busyTimeout, progress: progress)
    }

    /// Copies a database file into a live connection (restore over an existing ledger).
    static func onlineCopy(fromPath: String, into dest: OpaquePointer, intoName: String, busyTimeout: Int,
                           progress: ProgressHandler? = nil) throws(PandaError) {
        let src: SQLiteConnection
        do { src = try SQLiteConnection(path: fromPath, mode: .readOnly) } catch { throw error.pandaError(ledger: fromPath) }
        try runBackup(from: src.handle, into: dest, name: intoName, busyTimeout: busyTimeout, progress: progress)
    }

    /// `progress`: step `copying`, in pages (of the source's page count).
    private static func runBackup(from source: OpaquePointer, into dest: OpaquePointer, name: String, busyTimeout: Int,
                                  progress: ProgressHandler?) throws(PandaError) {
        guard let b = sqlite3_backup_init(dest, "main", source, "main") else {
            throw PandaError(.io_error, "cannot back up '\(name)': \(String(cString: sqlite3_errmsg(dest)))")
        }
        var waited = 0
        var reported = false
        while true {
            // 1024 pages a step (4 MB of 4 KB pages); all at once when nobody watches.
            let rc = sqlite3_backup_step(b, progress == nil ? -1 : 1024)
            if progress != nil && (rc == SQLITE_OK || rc == SQLITE_DONE) {
                let total = Int64(sqlite3_backup_pagecount(b))
                if !reported { report(progress, "copying", "pages", 0, of: total); reported = true }
                report(progress, "copying", "pages", total - Int64(sqlite3_backup_remaining(b)), of: total)
            }
            if rc == SQLITE_DONE { break }
            if rc == SQLITE_BUSY || rc == SQLITE_LOCKED {
                if waited >= busyTimeout { sqlite3_backup_finish(b); throw PandaError(.ledger_busy, "ledger '\(name)' stayed busy during the backup") }
                usleep(20_000); waited += 20
                continue
            }
            if rc != SQLITE_OK {
                sqlite3_backup_finish(b)
                throw PandaError(.io_error, "backup of '\(name)' failed: \(String(cString: sqlite3_errstr(rc)))")
            }
        }
        let rc = sqlite3_backup_finish(b)
        guard rc == SQLITE_OK else { throw PandaError(.io_error, "backup of '\(name)' failed: \(String(cString: sqlite3_errstr(rc)))") }
    }
}

extension Ledger {
    /// Moves the WAL's content into the database file.
    func checkpoint() throws(PandaError) {
        guard !db.isPostgres else { return }
        do { try db.exec("PRAGMA wal_checkpoint(TRUNCATE)") } catch { throw error.pandaError(ledger: path) }
    }
}

/// Versions of what the ledger is built on, for `pandactl version`.
public enum LibraryVersions {
    public static var libarchive: String { String(cString: archive_version_details()) }
}

public enum LedgerSchema {
    /// The schema version this build writes and reads.
    public static var version: Int { Migrations.latestVersion }
}
