#if canImport(Glibc)
import Glibc
#endif
@testable import PandaLedger
import Testing

/// Text bound to SQLite statements comes back byte for byte: empty (not NULL), non-ASCII, with an
/// embedded NUL, and long enough to live outside a small string.
@Suite struct SQLiteBindTests {
    @Test func textRoundTripsByteForByte() throws {
        let path = "/tmp/pandactl-bind-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).db"
        defer { for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) } }
        let db = try SQLiteConnection(path: path, mode: .create)
        try db.exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)")
        let texts = ["", "a", "grüße 🐼 ✓", "nul\u{0}inside", String(repeating: "long text ", count: 100)]
        let insert = try db.prepare("INSERT INTO t (k, v) VALUES (?, ?)")
        for (i, text) in texts.enumerated() {
            try insert.bind(.int(Int64(i)), at: 1)
            try insert.bind(.text(text), at: 2)
            try insert.step()
            insert.reset()
        }
        let select = try db.prepare("SELECT v, typeof(v), length(CAST(v AS BLOB)) FROM t ORDER BY k")
        var back: [String] = [], types: [String] = [], lengths: [Int64] = []
        while try select.step() {
            back.append(select.text(0) ?? "<nil>")
            types.append(select.text(1) ?? "")
            lengths.append(select.int(2))
        }
        #expect(types == Array(repeating: "text", count: texts.count))
        #expect(lengths == texts.map { Int64($0.utf8.count) })
        // (sqlite3_column_text stops at a NUL: the embedded one is checked by its length above.)
        #expect(back[0] == "" && back[1] == "a" && back[2] == "grüße 🐼 ✓" && back[4] == texts[4])
    }

    /// `bind(_:)` binds text and blobs in place from one buffer per statement: rows bound one after another,
    /// with the buffer growing between them (short rows, then long ones, then short again), read back
    /// exactly, and a row with fewer texts than the last leaves nothing of it behind.
    @Test func valuesBoundInPlaceRoundTripAcrossRuns() throws {
        let path = "/tmp/pandactl-bind-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).db"
        defer { for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) } }
        let db = try SQLiteConnection(path: path, mode: .create)
        try db.exec("CREATE TABLE t (k INTEGER PRIMARY KEY, a TEXT, b BLOB, c TEXT)")
        let insert = try db.prepare("INSERT INTO t (k, a, b, c) VALUES (?, ?, ?, ?)")
        var rows: [[SQLValue]] = []
        for k in 0..<40 {
            let size = [0, 3, 300, 5000, 7][k % 5] + k
            let a = String(repeating: "x\(k)é", count: size / 4)
            let b = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ k) }
            let c: SQLValue = k % 3 == 0 ? .null : .text(k % 3 == 1 ? "" : "c\(k)\u{0}z")
            rows.append([.int(Int64(k)), .text(a), .blob(b), c])
        }
        for row in rows {
            try insert.bind(row)
            try insert.step()
            insert.reset()
        }
        let select = try db.prepare("SELECT k, a, b, c FROM t ORDER BY k")
        var back: [[SQLValue]] = []
        while try select.step() { back.append((0..<4).map { select.value($0) }) }
        #expect(back == rows)
    }
}
