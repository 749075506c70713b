import PandaCore

/// The rows a write transaction reads and changes line after line — PANDA balances, token holdings and
/// models — kept in memory from their first read until the transaction ends, and written back to SQL
/// once per row just before COMMIT instead of once per request.
///
/// Why it is safe:
/// - It lives only inside one write transaction (`BEGIN IMMEDIATE` holds the write lock, so no other
///   process can change these rows meanwhile) and is emptied at every transaction boundary, so it never
///   serves a value another process may have changed.
/// - Each request keeps an undo log (`undo`, begun by `LedgerStore.beginRequest` or `savepoint`): every
///   change to a cached row first records the row's previous cache slot, and taking the request back
///   restores those slots in reverse order, exactly as SQLite restores the rows it holds. A request that
///   wrote SQL rows is taken back by `Ledger` through the transaction's savepoint and a replay.
/// - Queries that read these tables as a whole (lists, sums, the audit) call `flush` first, so SQL is
///   complete whenever it is read directly. A flush inside a savepoint records the flushed slots too, so
///   a rollback marks them dirty again (SQLite undoes the flushed write).
/// - Rows are created (account and model inserts) in SQL at once; only updates are deferred — except
///   order rows (`orders`): an order placed in the transaction is inserted once, in the state it has at the
///   flush, and an order changed by fills and cancels is updated once. Every read of the orders table by
///   predicate (lists, the book's levels, depth, the audit) flushes them first; a read of one order by id
///   reads the pending row itself (`LedgerStore.storedOrder`).
struct RowCache {
    struct Slot<Value> {
        var value: Value
        var dirty: Bool
    }

    struct HoldingKey: Hashable {
        var symbol: String
        var account: String
    }

    /// An order row waiting to be written: its final state so far, and whether it exists in SQL (an
    /// UPDATE) or not yet (an INSERT).
    struct OrderRow {
        var order: StoredOrder
        var inSQL: Bool
    }

    enum Undo {
        case balance(String, Slot<Amount?>?)
        case order(Int64, OrderRow?)
        case holding(HoldingKey, Slot<Holding?>?)
        case model(String, Slot<ModelRecord?>?)
        case meta(String, String??)
    }

    /// True between `BEGIN IMMEDIATE` and the end of that transaction; otherwise every call goes to SQL.
    var active = false
    var balances: [String: Slot<Amount?>] = [:]
    var holdings: [HoldingKey: Slot<Holding?>] = [:]
    var models: [String: Slot<ModelRecord?>] = [:]
    /// Order rows changed in the transaction and not written yet, by id (a flush removes them).
    var orders: [Int64: OrderRow] = [:]
    /// `ledger_meta` values read or written in the transaction (nil: no such key). Written through at once,
    /// never deferred: kept only so that a setting read by every request (the trading fee) is read once.
    var meta: [String: String?] = [:]
    /// The accounts of the index funds (which take no transfers), read once per transaction: a transfer
    /// checks its recipient against them without a query. Grown by `insertIndex`; dropped, to be read again,
    /// whenever a savepoint is rolled back.
    var indexAccounts: Set<String>? = nil
    /// Previous slots of rows changed in the open savepoint, oldest first; nil outside a savepoint.
    var undo: [Undo]? = nil

    mutating func reset(active: Bool) {
        self.active = active
        balances.removeAll(keepingCapacity: true)
        holdings.removeAll(keepingCapacity: true)
        models.removeAll(keepingCapacity: true)
        orders.removeAll(keepingCapacity: true)
        meta.removeAll(keepingCapacity: true)
        indexAccounts = nil
        undo = nil
    }

    mutating func setBalance(_ account: String, _ slot: Slot<Amount?>) {
        if undo != nil { undo!.append(.balance(account, balances[account])) }
        balances[account] = slot
    }

    mutating func setHolding(_ key: HoldingKey, _ slot: Slot<Holding?>) {
        if undo != nil { undo!.append(.holding(key, holdings[key])) }
        holdings[key] = slot
    }

    mutating func setModel(_ symbol: String, _ slot: Slot<ModelRecord?>) {
        if undo != nil { undo!.append(.model(symbol, models[symbol])) }
        models[symbol] = slot
    }

    mutating func setOrder(_ id: Int64, _ row: OrderRow?) {
        if undo != nil { undo!.append(.order(id, orders[id])) }
        orders[id] = row
    }

    mutating func setMeta(_ key: String, _ value: String?) {
        if undo != nil { undo!.append(.meta(key, meta[key])) }
        meta[key] = value
    }

    /// Restores every slot the open savepoint changed.
    mutating func rollBackSavepoint() {
        indexAccounts = nil
        guard let log = undo else { return }
        for entry in log.reversed() {
            switch entry {
            case .balance(let k, let s): balances[k] = s
            case .holding(let k, let s): holdings[k] = s
            case .model(let k, let s): models[k] = s
            case .order(let k, let r): orders[k] = r
            case .meta(let k, let v): meta[k] = v
            }
        }
        undo = nil
    }

    var isDirty: Bool {
        balances.values.contains { $0.dirty } || holdings.values.contains { $0.dirty } || models.values.contains { $0.dirty } || !orders.isEmpty
    }
}

extension LedgerStore {
    /// Writes every changed cached row to SQL (before COMMIT, and before any query reading whole tables).
    func flush() throws(SQLiteError) {
        guard cache.active else { return }
        for (account, slot) in cache.balances where slot.dirty {
            if let value = slot.value { try sqlUpdateBalance(account, panda: value) }
            cache.setBalance(account, RowCache.Slot(value: slot.value, dirty: false))
        }
        for (key, slot) in cache.holdings where slot.dirty {
            if let value = slot.value { try sqlSaveHolding(key.symbol, key.account, value) }
            cache.setHolding(key, RowCache.Slot(value: slot.value, dirty: false))
        }
        for (symbol, slot) in cache.models where slot.dirty {
            if let value = slot.value { try sqlUpdateModel(value) }
            cache.setModel(symbol, RowCache.Slot(value: slot.value, dirty: false))
        }
        try flushOrders()
    }

    /// Writes the pending order rows (before COMMIT, and before any read of the orders table but one by id),
    /// in id order. Each leaves the cache as it is written, logged like any change: a savepoint taken back
    /// after a flush puts the rows back, to be written again (SQL undid the writes).
    func flushOrders() throws(SQLiteError) {
        guard !cache.orders.isEmpty else { return }
        for id in cache.orders.keys.sorted() {
            let row = cache.orders[id]!
            if row.inSQL { try sqlUpdateOrder(row.order) } else { try sqlInsertOrder(row.order) }
            cache.setOrder(id, nil)
        }
    }
}
