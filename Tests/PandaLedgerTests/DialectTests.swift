@testable import PandaLedger
import Testing

/// The PostgreSQL dialect: the store's statements, written once in SQLite's spelling, as PostgreSQL reads them.
@Suite struct DialectTests {
    let pg = PostgresDialect.shared

    @Test func placeholdersAreNumberedAsSQLiteNumbersThem() {
        let t = pg.translateCounting("SELECT a FROM t WHERE x = ? AND y = ? ORDER BY a LIMIT ?")
        #expect(t.sql == "SELECT a FROM t WHERE x = $1 AND y = $2 ORDER BY a LIMIT $3")
        #expect(t.parameters == 3)
        // ?N names a parameter; a bare ? after it takes the next number (SQLite's rule).
        let n = pg.translateCounting("SELECT 1 WHERE a = ?2 AND b = ?1 AND c = ?")
        #expect(n.sql == "SELECT 1 WHERE a = $2 AND b = $1 AND c = $3")
        #expect(n.parameters == 3)
    }

    @Test func literalsAndQuotedNamesAreLeftAlone() {
        let t = pg.translateCounting(#"SELECT 'a?b''?', "odd?name", INTEGER_COL FROM t WHERE k = ?"#)
        #expect(t.sql == #"SELECT 'a?b''?', "odd?name", INTEGER_COL FROM t WHERE k = $1"#)
        #expect(t.parameters == 1)
    }

    @Test func aPlaceholderTestedForNullAloneIsTyped() {
        #expect(pg.translate("SELECT 1 WHERE (? IS NULL OR kind = ?) AND (?3 IS NOT NULL)")
                == "SELECT 1 WHERE ($1::text IS NULL OR kind = $2) AND ($3::text IS NOT NULL)")
        #expect(pg.translate("SELECT 1 WHERE ? ISNULL_NOT_A_KEYWORD") == "SELECT 1 WHERE $1 ISNULL_NOT_A_KEYWORD")
    }

    @Test func aSubqueryInFromIsNamed() {
        #expect(pg.translate("SELECT COUNT(*) FROM (SELECT a FROM t UNION SELECT a FROM u)")
                == "SELECT COUNT(*) FROM (SELECT a FROM t UNION SELECT a FROM u) AS subquery_1")
        #expect(pg.translate("SELECT x FROM (SELECT a AS x FROM t) WHERE x > 0")
                == "SELECT x FROM (SELECT a AS x FROM t) AS subquery_1 WHERE x > 0")
        #expect(pg.translate("SELECT x FROM (SELECT a AS x FROM t) named WHERE x IN (1, 2)")
                == "SELECT x FROM (SELECT a AS x FROM t) named WHERE x IN (1, 2)")
    }

    @Test func insertOrIgnoreBecomesOnConflictDoNothing() {
        #expect(pg.translate("INSERT OR IGNORE INTO roles (account, role) VALUES (?, ?)")
                == "INSERT INTO roles (account, role) VALUES ($1, $2) ON CONFLICT DO NOTHING")
    }

    @Test func schemaTypesAndBytewiseCollation() {
        let ddl = """
            CREATE TABLE t (
                k    TEXT PRIMARY KEY,
                n    INTEGER NOT NULL,
                b    BLOB,
                r    REAL
            );
            INSERT INTO u SELECT CAST(n AS TEXT) FROM t;
            """
        #expect(pg.translateSchema(ddl) == """
            CREATE TABLE t (
                k    TEXT COLLATE "C" PRIMARY KEY,
                n    BIGINT NOT NULL,
                b    BYTEA,
                r    DOUBLE PRECISION
            );
            INSERT INTO u SELECT CAST(n AS TEXT) FROM t;
            """)
        // Statements keep TEXT as it is (only the schema's columns get a collation).
        #expect(pg.translate("SELECT CAST(? AS TEXT)") == "SELECT CAST($1 AS TEXT)")
    }

    @Test func sqliteReadsItsOwnSpelling() {
        let sql = "INSERT OR IGNORE INTO t (a) VALUES (?)"
        #expect(SQLiteDialect.shared.translate(sql) == sql)
    }

    @Test func urlsAreShownWithoutTheirPassword() {
        #expect(LedgerLocation.display("postgresql://panda:s3cret@db.example:5432/ledger") == "postgresql://panda:***@db.example:5432/ledger")
        #expect(LedgerLocation.display("postgres:///ledger?host=/run/pg&password=s3cret&user=panda") == "postgres:///ledger?host=/run/pg&password=***&user=panda")
        #expect(LedgerLocation.display("postgresql://panda@db/ledger") == "postgresql://panda@db/ledger")
        #expect(LedgerLocation.display("panda:x@y.db") == "panda:x@y.db")
        #expect(LedgerLocation.isPostgres("postgres://h/d") && LedgerLocation.isPostgres("postgresql://h/d") && !LedgerLocation.isPostgres("pg.db"))
    }
}
