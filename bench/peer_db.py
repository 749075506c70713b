"""The Python peers' connection to their ledger: a sqlite3 file, or a PostgreSQL database named by a
postgresql:// or postgres:// URL (psycopg 3, the C implementation from PyPI's psycopg[binary]). The peers
write the same SQL for both: `?` placeholders, SQLite type names, `begin()` taking the writers' lock
(BEGIN IMMEDIATE on SQLite; on PostgreSQL a transaction that takes an advisory lock first, as
pandactl's writers do), `commit()`."""
import re

LOCK_KEY = 7_042_117  # the peers' own advisory lock (not pandactl's)


class SQLiteLedger:
    def __init__(self, path):
        import sqlite3
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")

    def script(self, ddl):
        self.db.executescript(ddl)

    def execute(self, sql, params=()):
        return self.db.execute(sql, params)

    def executemany(self, sql, rows):
        self.db.executemany(sql, rows)

    def begin(self):
        self.db.execute("BEGIN IMMEDIATE")

    def commit(self):
        self.db.execute("COMMIT")


class PostgresLedger:
    TYPES = [(r"\bINTEGER\b", "BIGINT"), (r"\bREAL\b", "DOUBLE PRECISION"), (r"\bBLOB\b", "BYTEA")]

    def __init__(self, url):
        try:
            import psycopg
        except ImportError:
            raise SystemExit("the PostgreSQL peer needs psycopg 3: pip install 'psycopg[binary]'")
        self.db = psycopg.connect(url, autocommit=True)
        self.sql = {}

    def _pg(self, sql):
        text = self.sql.get(sql)
        if text is None:
            text = self.sql[sql] = sql.replace("?", "%s")
        return text

    def script(self, ddl):
        for pattern, name in self.TYPES:
            ddl = re.sub(pattern, name, ddl)
        for statement in ddl.split(";"):
            if statement.strip():
                self.db.execute(statement)

    def execute(self, sql, params=()):
        return self.db.execute(self._pg(sql), params, prepare=True)

    def executemany(self, sql, rows):
        with self.db.cursor() as c:
            c.executemany(self._pg(sql), rows)

    def begin(self):
        self.db.execute("BEGIN")
        self.db.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,), prepare=True)

    def commit(self):
        self.db.execute("COMMIT")


def connect(target):
    if target.startswith(("postgresql://", "postgres://")):
        return PostgresLedger(target)
    return SQLiteLedger(target)
