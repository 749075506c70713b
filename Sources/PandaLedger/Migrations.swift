/// Versioned schema migrations, run in order on open. Never edit a shipped migration: add a new one.
/// The SQL is kept plain and portable (no SQLite-only types or tricks) so that a PostgreSQL store can
/// reuse it. Amounts are decimal integer text of base units (NUMERIC in PostgreSQL): 18-decimal balances
/// do not fit 64-bit integers.
enum Migrations {
    struct Migration {
        let version: Int
        let name: String
        let sql: String
    }

    static let all: [Migration] = [
        Migration(version: 1, name: "ledger core: meta, accounts, roles, nonces, totals, journal", sql: """
            CREATE TABLE ledger_meta (
                key   TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );
            CREATE TABLE accounts (
                account     TEXT PRIMARY KEY,
                panda       TEXT NOT NULL,
                created_seq INTEGER NOT NULL
            );
            CREATE TABLE roles (
                account     TEXT NOT NULL,
                role        TEXT NOT NULL,
                scope       TEXT NOT NULL,
                granted_seq INTEGER NOT NULL,
                PRIMARY KEY (account, role, scope)
            );
            CREATE TABLE nonces (
                account TEXT NOT NULL,
                nonce   INTEGER NOT NULL,
                seq     INTEGER NOT NULL,
                PRIMARY KEY (account, nonce)
            );
            CREATE TABLE totals (
                name   TEXT PRIMARY KEY,
                amount TEXT NOT NULL
            );
            CREATE TABLE journal (
                seq       INTEGER PRIMARY KEY,
                ts        INTEGER NOT NULL,
                op        TEXT NOT NULL,
                sender    TEXT NOT NULL,
                request   TEXT NOT NULL,
                result    TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash      TEXT NOT NULL
            );
            """),
    ]

    static var latestVersion: Int { all.last!.version }
}
