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
        Migration(version: 2, name: "model tokens: models on bonding curves, holdings, curve trades", sql: """
            CREATE TABLE models (
                symbol           TEXT PRIMARY KEY,
                name             TEXT NOT NULL,
                category         TEXT NOT NULL,
                description      TEXT NOT NULL,
                owner            TEXT NOT NULL,
                address          TEXT NOT NULL,
                curve_type       TEXT NOT NULL,
                curve_fields     TEXT NOT NULL,
                supply           INTEGER NOT NULL,
                reserve          TEXT NOT NULL,
                ratio            TEXT NOT NULL,
                multiplier       TEXT NOT NULL,
                metrics          TEXT NOT NULL,
                inference_fee    TEXT NOT NULL,
                max_move         TEXT,
                rate_window      TEXT,
                per_token        TEXT NOT NULL,
                pending          TEXT NOT NULL,
                revenue          TEXT NOT NULL,
                claimed          TEXT NOT NULL,
                accuracy         TEXT NOT NULL,
                total_inferences INTEGER NOT NULL,
                created_seq      INTEGER NOT NULL
            );
            CREATE TABLE holdings (
                symbol     TEXT NOT NULL,
                account    TEXT NOT NULL,
                free       INTEGER NOT NULL,
                locked     INTEGER NOT NULL,
                checkpoint TEXT NOT NULL,
                owed       TEXT NOT NULL,
                PRIMARY KEY (symbol, account)
            );
            CREATE INDEX holdings_by_account ON holdings (account);
            CREATE TABLE curve_trades (
                seq         INTEGER PRIMARY KEY,
                symbol      TEXT NOT NULL,
                ts          INTEGER NOT NULL,
                account     TEXT NOT NULL,
                side        TEXT NOT NULL,
                amount      INTEGER NOT NULL,
                value       TEXT NOT NULL,
                price_after TEXT NOT NULL
            );
            CREATE INDEX curve_trades_by_symbol ON curve_trades (symbol, ts);
            """),
        Migration(version: 3, name: "issuance: mint policies and events, burns, access rates, vesting grants, provenance", sql: """
            CREATE TABLE mint_policies (
                symbol         TEXT PRIMARY KEY,
                reward_per_bps INTEGER NOT NULL,
                max_reward     INTEGER NOT NULL,
                cooldown_ms    INTEGER NOT NULL
            );
            CREATE TABLE mint_events (
                seq     INTEGER NOT NULL,
                symbol  TEXT NOT NULL,
                kind    TEXT NOT NULL,
                account TEXT NOT NULL,
                amount  INTEGER NOT NULL,
                bps     INTEGER,
                ts      INTEGER NOT NULL,
                PRIMARY KEY (seq, account)
            );
            CREATE INDEX mint_events_by_symbol ON mint_events (symbol, kind, ts);
            CREATE TABLE burn_events (
                seq      INTEGER PRIMARY KEY,
                symbol   TEXT NOT NULL,
                kind     TEXT NOT NULL,
                account  TEXT NOT NULL,
                amount   INTEGER NOT NULL,
                requests INTEGER NOT NULL,
                payout   TEXT NOT NULL,
                ts       INTEGER NOT NULL
            );
            CREATE INDEX burn_events_by_symbol ON burn_events (symbol, kind, account, ts);
            CREATE TABLE access_rates (
                symbol             TEXT NOT NULL,
                account            TEXT NOT NULL,
                tokens_per_request TEXT NOT NULL,
                PRIMARY KEY (symbol, account)
            );
            CREATE TABLE vesting_grants (
                grant_id  INTEGER PRIMARY KEY,
                symbol    TEXT NOT NULL,
                account   TEXT NOT NULL,
                total     INTEGER NOT NULL,
                released  INTEGER NOT NULL,
                start_ts  INTEGER NOT NULL,
                cliff_ms  INTEGER NOT NULL,
                period_ms INTEGER NOT NULL
            );
            CREATE INDEX vesting_grants_by_holder ON vesting_grants (symbol, account);
            CREATE TABLE provenance (
                nft_id      INTEGER PRIMARY KEY,
                symbol      TEXT NOT NULL,
                contributor TEXT NOT NULL,
                data_hash   TEXT NOT NULL,
                quality     TEXT NOT NULL,
                delta       TEXT NOT NULL,
                ts          INTEGER NOT NULL,
                seq         INTEGER NOT NULL
            );
            """),
        Migration(version: 4, name: "index funds: funds and their shares; several curve trades per request", sql: """
            CREATE TABLE indexes (
                name              TEXT PRIMARY KEY,
                account           TEXT NOT NULL UNIQUE,
                manager           TEXT NOT NULL,
                weight_by         TEXT NOT NULL,
                weights           TEXT NOT NULL,
                period_ms         INTEGER NOT NULL,
                trading_fee_bps   INTEGER NOT NULL,
                creation_fee_bps  INTEGER NOT NULL,
                rebalance_fee_bps INTEGER NOT NULL,
                shares            INTEGER NOT NULL,
                last_rebalance    INTEGER NOT NULL,
                created_seq       INTEGER NOT NULL
            );
            CREATE TABLE index_shares (
                name    TEXT NOT NULL,
                account TEXT NOT NULL,
                shares  INTEGER NOT NULL,
                PRIMARY KEY (name, account)
            );
            CREATE TABLE curve_trades_v4 (
                seq         INTEGER NOT NULL,
                symbol      TEXT NOT NULL,
                ts          INTEGER NOT NULL,
                account     TEXT NOT NULL,
                side        TEXT NOT NULL,
                amount      INTEGER NOT NULL,
                value       TEXT NOT NULL,
                price_after TEXT NOT NULL,
                PRIMARY KEY (seq, symbol)
            );
            INSERT INTO curve_trades_v4 (seq, symbol, ts, account, side, amount, value, price_after)
                SELECT seq, symbol, ts, account, side, amount, value, price_after FROM curve_trades;
            DROP TABLE curve_trades;
            ALTER TABLE curve_trades_v4 RENAME TO curve_trades;
            CREATE INDEX curve_trades_by_symbol ON curve_trades (symbol, ts);
            """),
        Migration(version: 5, name: "trained models: versions with metrics and hashes; settled usage receipts", sql: """
            CREATE TABLE model_versions (
                symbol          TEXT NOT NULL,
                version         INTEGER NOT NULL,
                algo            TEXT NOT NULL,
                features        INTEGER NOT NULL,
                rows            INTEGER NOT NULL,
                holdout_rows    INTEGER NOT NULL,
                r2              TEXT,
                accuracy        TEXT NOT NULL,
                improvement_bps INTEGER,
                data_hash       TEXT NOT NULL,
                model_hash      TEXT NOT NULL,
                model           TEXT NOT NULL,
                contributor     TEXT NOT NULL,
                trainer         TEXT NOT NULL,
                seq             INTEGER NOT NULL,
                ts              INTEGER NOT NULL,
                PRIMARY KEY (symbol, version)
            );
            CREATE TABLE usage_receipts (
                account TEXT NOT NULL,
                receipt INTEGER NOT NULL,
                symbol  TEXT NOT NULL,
                rows    INTEGER NOT NULL,
                fee     TEXT NOT NULL,
                seq     INTEGER NOT NULL,
                PRIMARY KEY (account, receipt)
            );
            """),
        Migration(version: 6, name: "order book: orders with their escrow, book trades", sql: """
            CREATE TABLE orders (
                order_id   INTEGER PRIMARY KEY,
                symbol     TEXT NOT NULL,
                owner      TEXT NOT NULL,
                side       TEXT NOT NULL,
                type       TEXT NOT NULL,
                tif        TEXT NOT NULL,
                price      TEXT NOT NULL,
                amount     INTEGER NOT NULL,
                filled     INTEGER NOT NULL,
                remaining  INTEGER NOT NULL,
                escrow     TEXT NOT NULL,
                fee_bps    INTEGER NOT NULL,
                sequence   INTEGER NOT NULL,
                status     TEXT NOT NULL,
                ts         INTEGER NOT NULL
            );
            CREATE INDEX orders_by_book ON orders (symbol, status);
            CREATE INDEX orders_by_owner ON orders (owner, status);
            CREATE TABLE book_trades (
                seq         INTEGER NOT NULL,
                n           INTEGER NOT NULL,
                symbol      TEXT NOT NULL,
                price       TEXT NOT NULL,
                amount      INTEGER NOT NULL,
                buyer       TEXT NOT NULL,
                seller      TEXT NOT NULL,
                side        TEXT NOT NULL,
                maker_order INTEGER NOT NULL,
                taker_order INTEGER NOT NULL,
                fee         TEXT NOT NULL,
                ts          INTEGER NOT NULL,
                PRIMARY KEY (seq, n)
            );
            CREATE INDEX book_trades_by_symbol ON book_trades (symbol, ts);
            """),
        Migration(version: 7, name: "issuance safety: emission caps, grants as promises, policies that may be unset, rewarded versions", sql: """
            ALTER TABLE models ADD COLUMN max_emission_bps INTEGER NOT NULL DEFAULT 1000;
            ALTER TABLE vesting_grants ADD COLUMN minted INTEGER NOT NULL DEFAULT 0;
            UPDATE vesting_grants SET minted = total;
            CREATE TABLE mint_policies_v7 (
                symbol         TEXT PRIMARY KEY,
                reward_per_bps INTEGER,
                max_reward     INTEGER,
                cooldown_ms    INTEGER NOT NULL
            );
            INSERT INTO mint_policies_v7 (symbol, reward_per_bps, max_reward, cooldown_ms)
                SELECT symbol, reward_per_bps, max_reward, cooldown_ms FROM mint_policies;
            DROP TABLE mint_policies;
            ALTER TABLE mint_policies_v7 RENAME TO mint_policies;
            CREATE TABLE rewarded_versions (
                symbol  TEXT NOT NULL,
                version INTEGER NOT NULL,
                seq     INTEGER NOT NULL,
                PRIMARY KEY (symbol, version)
            );
            CREATE INDEX mint_events_by_seq ON mint_events (symbol, seq);
            """),
        // Version 8 belongs to issue 19's other half (model settings, M(t), discovery), written on another
        // branch; the merge puts it here. Nothing below depends on it.
        Migration(version: 9, name: "token standard parts: allowances, burn settings, early release of grants, provenance owners", sql: """
            CREATE TABLE allowances (
                symbol  TEXT NOT NULL,
                owner   TEXT NOT NULL,
                spender TEXT NOT NULL,
                amount  INTEGER NOT NULL,
                PRIMARY KEY (symbol, owner, spender)
            );
            CREATE INDEX allowances_by_spender ON allowances (spender, symbol);
            CREATE TABLE burn_settings (
                symbol             TEXT PRIMARY KEY,
                redeem_minimum     INTEGER NOT NULL,
                redeem_cooldown_ms INTEGER NOT NULL,
                discounts          TEXT NOT NULL
            );
            ALTER TABLE vesting_grants ADD COLUMN early_penalty_bps INTEGER NOT NULL DEFAULT 5000;
            ALTER TABLE vesting_grants ADD COLUMN forfeited INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE provenance ADD COLUMN owner TEXT NOT NULL DEFAULT '';
            UPDATE provenance SET owner = contributor;
            """),
        // Version 8 was never released; 10 is issue 19's other half.
        Migration(version: 10, name: "model settings after creation, metric weights, buy-side M(t)", sql: """
            ALTER TABLE models ADD COLUMN weights TEXT NOT NULL DEFAULT '{}';
            CREATE INDEX models_by_category ON models (category, symbol);
            """),
        Migration(version: 11, name: "order book levels read by price: open orders indexed by side and numeric price", sql: """
            CREATE INDEX orders_open_by_price ON orders (symbol, side, (length(price)), price) WHERE status = 'open';
            """),
        // Every read of orders by symbol is of open ones by side and price (version 11's index): the index by
        // (symbol, status) only cost a b-tree write per order placed and per order filled or cancelled.
        Migration(version: 12, name: "orders by symbol and status: no longer read, dropped", sql: """
            DROP INDEX orders_by_book;
            """),
    ]

    /// The schema version from which grants are promises and issuance is capped. A ledger migrated from
    /// an older version keeps the old rules for the journal entries before the migration (so that `audit`
    /// replays them as they applied) and converts its grants once (`IssuanceMigration`).
    static let issuanceRulesVersion = 7

    /// The schema version from which M(t) acts on the buy side of every curve family (DESIGN §4). A
    /// ledger migrated from an older version records the first journal seq applied under it
    /// (`MultiplierRuleMigration.metaKey`); entries before it replay under the old rule.
    static let multiplierRuleVersion = 10

    static var latestVersion: Int { all.last!.version }
}
