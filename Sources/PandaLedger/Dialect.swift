/// What differs between the ledger's database engines, in one place per engine (after vapor/sql-kit's
/// `SQLDialect`). The store writes every statement once, in SQLite's plain spelling; an engine's dialect
/// translates it when the statement is prepared (each translation is done once per connection: the
/// prepared statement is cached), and answers the catalog questions the store and the audit ask.
protocol SQLDialect: Sendable {
    var engine: DatabaseEngine { get }
    /// A statement as this engine must read it.
    func translate(_ sql: String) -> String
    /// A migration's schema script as this engine must read it (types, collations).
    func translateSchema(_ sql: String) -> String
    /// One row (the table's name) when the table `?` exists.
    var tableExistsSQL: StaticString { get }
    /// The names of the tables that hold ledger state (all but `journal`, `schema_migrations` and the
    /// engine's own), by name.
    var stateTablesSQL: StaticString { get }
    /// The columns of table `?` in order: (name TEXT, 1-based position in the primary key INTEGER, 0 when
    /// not in it). (PostgreSQL's `indkey` is an int2vector, whose subscripts start at 0.)
    var columnsSQL: StaticString { get }
    /// Statements whose rows name problems with the database's own structures (none: no rows).
    var integrityCheckSQL: StaticString? { get }
}

enum DatabaseEngine: String, Sendable {
    case sqlite, postgresql
}

/// SQLite: the statements as written.
struct SQLiteDialect: SQLDialect {
    static let shared = SQLiteDialect()
    var engine: DatabaseEngine { .sqlite }
    func translate(_ sql: String) -> String { sql }
    func translateSchema(_ sql: String) -> String { sql }
    var tableExistsSQL: StaticString { "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?" }
    var stateTablesSQL: StaticString {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('journal', 'schema_migrations') AND name NOT LIKE 'sqlite_%' ORDER BY name"
    }
    var columnsSQL: StaticString { "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid" }
    var integrityCheckSQL: StaticString? { "PRAGMA integrity_check" }
}

/// PostgreSQL (15 or newer): `?`/`?N` placeholders become `$n`; a subquery in FROM gets the name
/// PostgreSQL 15 requires; INTEGER is BIGINT (journal times in
/// milliseconds and token amounts pass 2³¹), BLOB is BYTEA, REAL is DOUBLE PRECISION; a placeholder
/// tested with `IS [NOT] NULL` alone is given a type; `INSERT OR IGNORE` becomes `ON CONFLICT DO NOTHING`;
/// text columns compare bytewise (COLLATE "C", SQLite's BINARY), whatever the database's locale, so that
/// every ORDER BY gives SQLite's order. Amounts stay the decimal text of base units they are on SQLite.
struct PostgresDialect: SQLDialect {
    static let shared = PostgresDialect()
    var engine: DatabaseEngine { .postgresql }

    /// The advisory lock writers take on the journal head (one per database: one ledger per database).
    static let journalLockKey: Int64 = 0x7061_6e64_614c_6764  // "pandaLgd"

    func translate(_ sql: String) -> String { rewrite(sql, schema: false).sql }
    func translateSchema(_ sql: String) -> String { rewrite(sql, schema: true).sql }
    /// The translation and the number of parameters it takes.
    func translateCounting(_ sql: String) -> (sql: String, parameters: Int) { rewrite(sql, schema: false) }

    var tableExistsSQL: StaticString {
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name = ?"
    }
    var stateTablesSQL: StaticString {
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('journal', 'schema_migrations') ORDER BY 1"
    }
    var columnsSQL: StaticString {
        """
        SELECT a.attname::text, COALESCE(array_position(i.indkey::int2[], a.attnum) - array_lower(i.indkey::int2[], 1) + 1, 0)::bigint
        FROM pg_attribute a
        LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
        WHERE a.attrelid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident(?)) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
        """
    }
    var integrityCheckSQL: StaticString? { nil }

    /// Words that may follow a subquery in FROM when it has no alias.
    private static let clauseWords: Set<String> = ["WHERE", "GROUP", "ORDER", "LIMIT", "UNION", "EXCEPT", "INTERSECT", "JOIN", "LEFT",
                                                   "RIGHT", "INNER", "CROSS", "FULL", "ON", "HAVING", "OFFSET", "WINDOW"]
    private static let typeWords: [String: String] = ["INTEGER": "BIGINT", "BLOB": "BYTEA", "REAL": "DOUBLE PRECISION"]

    private func rewrite(_ sql: String, schema: Bool) -> (sql: String, parameters: Int) {
        let s = Array(sql.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.count + 16)
        var i = 0
        var maxParameter = 0
        var ignoreConflicts = false
        var previousWord = ""
        // Open parentheses: true for a subquery in FROM/JOIN, which PostgreSQL (before 16) needs named.
        var parentheses: [Bool] = []
        var subqueries = 0
        func isWordByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
        }
        func skipSpaces(_ j: Int) -> Int {
            var j = j
            while j < s.count, s[j] == 0x20 || s[j] == 0x0A || s[j] == 0x09 || s[j] == 0x0D { j += 1 }
            return j
        }
        func startsWord(_ word: String, at j: Int) -> Bool {
            let w = Array(word.utf8)
            guard j + w.count <= s.count else { return false }
            for k in 0..<w.count where s[j + k] | 0x20 != w[k] | 0x20 { return false }
            return j + w.count == s.count || !isWordByte(s[j + w.count])
        }
        while i < s.count {
            let b = s[i]
            switch b {
            case UInt8(ascii: "("):
                parentheses.append(previousWord == "FROM" || previousWord == "JOIN")
                out.append(b)
                i += 1
                previousWord = ""
            case UInt8(ascii: ")"):
                out.append(b)
                i += 1
                if parentheses.popLast() == true {
                    let k = skipSpaces(i)
                    var e = k
                    while e < s.count, isWordByte(s[e]) { e += 1 }
                    let next = String(decoding: s[k..<e], as: UTF8.self).uppercased()
                    if next.isEmpty || Self.clauseWords.contains(next) {
                        subqueries += 1
                        out.append(contentsOf: Array(" AS subquery_\(subqueries)".utf8))
                    }
                }
                previousWord = ""
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                // A string literal or a quoted identifier, copied as is ('' and "" escape their quote).
                var j = i + 1
                while j < s.count {
                    if s[j] == b {
                        if j + 1 < s.count, s[j + 1] == b { j += 2; continue }
                        break
                    }
                    j += 1
                }
                let end = min(j + 1, s.count)
                out.append(contentsOf: s[i..<end])
                i = end
                previousWord = ""
            case UInt8(ascii: "?"):
                var j = i + 1
                var n = 0
                while j < s.count, s[j] >= 0x30, s[j] <= 0x39 { n = n * 10 + Int(s[j] - 0x30); j += 1 }
                // A bare ? is one more than the largest number assigned so far (SQLite's rule).
                if j == i + 1 { n = maxParameter + 1 }
                maxParameter = max(maxParameter, n)
                out.append(contentsOf: Array("$\(n)".utf8))
                // `$n IS [NOT] NULL` alone gives PostgreSQL no type to infer: any type does.
                let k = skipSpaces(j)
                if startsWord("IS", at: k) {
                    let k2 = skipSpaces(k + 2)
                    if startsWord("NULL", at: k2) || (startsWord("NOT", at: k2) && startsWord("NULL", at: skipSpaces(k2 + 3))) {
                        out.append(contentsOf: Array("::text".utf8))
                    }
                }
                i = j
                previousWord = ""
            default:
                guard isWordByte(b), i == 0 || !isWordByte(s[i - 1]) else {
                    out.append(b)
                    i += 1
                    continue
                }
                var j = i
                while j < s.count, isWordByte(s[j]) { j += 1 }
                let word = String(decoding: s[i..<j], as: UTF8.self)
                if let replacement = Self.typeWords[word] {
                    out.append(contentsOf: Array(replacement.utf8))
                } else if word == "TEXT", schema, previousWord != "AS" {
                    out.append(contentsOf: Array("TEXT COLLATE \"C\"".utf8))
                } else if word == "OR", previousWord == "INSERT", startsWord("IGNORE", at: skipSpaces(j)) {
                    // `INSERT OR IGNORE INTO` → `INSERT INTO … ON CONFLICT DO NOTHING`
                    ignoreConflicts = true
                    j = skipSpaces(j) + 6
                    while out.last == 0x20 { out.removeLast() }
                } else {
                    out.append(contentsOf: s[i..<j])
                }
                previousWord = word.uppercased()
                i = j
            }
        }
        if ignoreConflicts {
            while let last = out.last, last == 0x20 || last == 0x0A || last == 0x3B { out.removeLast() }
            out.append(contentsOf: Array(" ON CONFLICT DO NOTHING".utf8))
        }
        return (String(decoding: out, as: UTF8.self), maxParameter)
    }
}
