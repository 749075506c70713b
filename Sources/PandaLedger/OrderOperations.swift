import Curves
import Market
import PandaCore

/// An order as the ledger stores it. `escrow` is the PANDA an open buy still locks: exactly
/// `price × remaining + fee(price × remaining)`; an open sell locks `remaining` tokens in the owner's holding.
struct StoredOrder: Equatable {
    var id: Int64
    var symbol: String
    var owner: String
    var side: Side
    var type: String
    var tif: String
    var price: Int128
    var amount: Int64
    var filled: Int64
    var remaining: Int64
    var escrow: Int128
    var feeBps: Int64
    var sequence: Int64
    var status: String
    var ts: Timestamp

    var resting: RestingOrder { RestingOrder(id: id, owner: owner, side: side, price: price, remaining: remaining, sequence: sequence) }

    /// The `order` record of the `orders` query: the order's own type is `order_type`, since `type` names
    /// the record (DESIGN §8), so these records piped into `place -` pass by instead of being placed.
    var fields: JSONObject {
        ["order_id": .number(JSONNumber(id)), "symbol": .string(symbol), "owner": .string(owner), "side": .string(side.rawValue),
         "order_type": .string(type), "tif": .string(tif), "price": .string(Amount(units: price).description), "amount": .number(JSONNumber(amount)),
         "filled": .number(JSONNumber(filled)), "remaining": .number(JSONNumber(remaining)), "escrow": .string(Amount(units: escrow).description),
         "status": .string(status), "ts": .string(ts.rfc3339)]
    }
}

extension LedgerStore {
    private static func order(from r: [SQLValue]) throws(SQLiteError) -> StoredOrder {
        let columns = ["order_id", "symbol", "owner", "side", "type", "tif", "price", "amount", "filled", "remaining", "escrow", "fee_bps",
                       "sequence", "status", "ts"]
        func i(_ k: Int) throws(SQLiteError) -> Int64 { try r[k].storedInt("orders.\(columns[k]) of order \(r[0])") }
        func u(_ k: Int) throws(SQLiteError) -> Int128 { try r[k].storedUnits("orders.\(columns[k]) of order \(r[0])") }
        func t(_ k: Int) -> String { r[k].description }
        guard let side = Side(rawValue: t(3)) else { throw SQLiteError.corruptValue("orders.side of order \(r[0])", r[3]) }
        return StoredOrder(id: try i(0), symbol: t(1), owner: t(2), side: side, type: t(4), tif: t(5),
                           price: try u(6), amount: try i(7), filled: try i(8), remaining: try i(9), escrow: try u(10), feeBps: try i(11),
                           sequence: try i(12), status: t(13), ts: Timestamp(milliseconds: try i(14)))
    }

    /// The order as it stands in the transaction: the row the books keep, the row waiting to be written,
    /// or the ledger's row.
    func storedOrder(_ id: Int64) throws(SQLiteError) -> StoredOrder? {
        if cache.active {
            if let row = openOrderRows[id] { return row }
            if let row = cache.orders[id] { return row.order }
        }
        return try sqlOrderRow(id)
    }

    /// The order's row as the ledger holds it (never the in-memory copy), pending rows written first.
    func storedOrderRow(_ id: Int64) throws(SQLiteError) -> StoredOrder? {
        try flushOrders()
        return try sqlOrderRow(id)
    }

    private func sqlOrderRow(_ id: Int64) throws(SQLiteError) -> StoredOrder? {
        try db.statement("""
            SELECT order_id, symbol, owner, side, type, tif, price, amount, filled, remaining, escrow, fee_bps, sequence, status, ts
            FROM orders WHERE order_id = ?
            """).all([.int(id)]).first.map(Self.order(from:))
    }

    /// Orders of an account (all symbols, or one), open ones only unless `all`.
    func orders(owner: String, symbol: String?, all: Bool) throws(SQLiteError) -> [StoredOrder] {
        try flushOrders()
        return try db.statement("""
            SELECT order_id, symbol, owner, side, type, tif, price, amount, filled, remaining, escrow, fee_bps, sequence, status, ts
            FROM orders WHERE owner = ?1 AND (?2 IS NULL OR symbol = ?2) AND (?3 = 1 OR status = 'open') ORDER BY order_id
            """).all([.text(owner), symbol.map { .text($0) } ?? .null, .int(all ? 1 : 0)]).map(Self.order(from:))
    }

    func allOpenOrders() throws(SQLiteError) -> [StoredOrder] {
        try flushOrders()
        return try db.statement("""
            SELECT order_id, symbol, owner, side, type, tif, price, amount, filled, remaining, escrow, fee_bps, sequence, status, ts
            FROM orders WHERE status = 'open' ORDER BY order_id
            """).all().map(Self.order(from:))
    }

    /// Order rows changed in a write transaction are written at its end (`RowCache.orders`), once per
    /// order, unless `orderWriteBehind` is off (tests compare both ways).
    func insertOrder(_ o: StoredOrder) throws(SQLiteError) {
        if cache.active && orderWriteBehind {
            cache.setOrder(o.id, RowCache.OrderRow(order: o, inSQL: false))
        } else {
            try sqlInsertOrder(o)
        }
        // A resting order joins the rows the book holds when its price is within the levels read.
        if cache.active, o.status == "open", books[o.symbol]?.holds(o.side, price: o.price) == true {
            openOrderRows[o.id] = o
            orderRowsTouched = true
        }
    }

    func updateOrder(_ o: StoredOrder) throws(SQLiteError) {
        if cache.active && orderWriteBehind {
            // An order inserted in the transaction and not written yet stays an INSERT, of its new state.
            cache.setOrder(o.id, RowCache.OrderRow(order: o, inSQL: cache.orders[o.id]?.inSQL ?? true))
        } else {
            try sqlUpdateOrder(o)
        }
        if openOrderRows[o.id] != nil {
            openOrderRows[o.id] = o.status == "open" ? o : nil
            orderRowsTouched = true
        }
    }

    func sqlInsertOrder(_ o: StoredOrder) throws(SQLiteError) {
        try db.statement("""
            INSERT INTO orders (order_id, symbol, owner, side, type, tif, price, amount, filled, remaining, escrow, fee_bps, sequence, status, ts)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).runDeferred([.int(o.id), .text(o.symbol), .text(o.owner), .text(o.side.rawValue), .text(o.type), .text(o.tif), .text(String(o.price)),
                      .int(o.amount), .int(o.filled), .int(o.remaining), .text(String(o.escrow)), .int(o.feeBps), .int(o.sequence),
                      .text(o.status), .int(o.ts.milliseconds)])
    }

    func sqlUpdateOrder(_ o: StoredOrder) throws(SQLiteError) {
        try db.statement("UPDATE orders SET filled = ?, remaining = ?, escrow = ?, status = ? WHERE order_id = ?")
            .runDeferred([.int(o.filled), .int(o.remaining), .text(String(o.escrow)), .text(o.status), .int(o.id)])
    }

    func insertBookTrade(seq: Int64, n: Int64, symbol: String, price: Int128, amount: Int64, buyer: String, seller: String, side: Side,
                         maker: Int64, taker: Int64, fee: Int128, ts: Timestamp) throws(SQLiteError) {
        try db.statement("""
            INSERT INTO book_trades (seq, n, symbol, price, amount, buyer, seller, side, maker_order, taker_order, fee, ts)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).runDeferred([.int(seq), .int(n), .text(symbol), .text(String(price)), .int(amount), .text(buyer), .text(seller), .text(side.rawValue),
                      .int(maker), .int(taker), .text(String(fee)), .int(ts.milliseconds)])
    }

    /// Book and curve trades as `trade` records, oldest first: of one symbol or all, after journal `seq`
    /// `after`, in [from, to) when given, at most `limit`. Curve trades are priced at their average price.
    func tradeRecords(symbol: String?, venue: String, after: Int64, from: Timestamp?, to: Timestamp?, limit: Int?) throws(SQLiteError) -> [JSONObject] {
        let sym: SQLValue = symbol.map { .text($0) } ?? .null
        let lo: SQLValue = .int(from?.milliseconds ?? Int64.min), hi: SQLValue = .int(to?.milliseconds ?? Int64.max)
        var out: [(seq: Int64, n: Int64, record: JSONObject)] = []
        if venue != "curve" {
            for r in try db.statement("""
                SELECT seq, n, symbol, price, amount, buyer, seller, side, maker_order, taker_order, ts FROM book_trades
                WHERE (?1 IS NULL OR symbol = ?1) AND seq > ?2 AND ts >= ?3 AND ts < ?4 ORDER BY seq, n
                """).all([sym, .int(after), lo, hi]) {
                func i(_ k: Int) throws(SQLiteError) -> Int64 { try r[k].storedInt("book_trades column \(k + 1) of trade \(r[0])/\(r[1])") }
                let price = try r[3].storedUnits("book_trades.price of trade \(r[0])/\(r[1])")
                out.append((try i(0), try i(1), [
                    "type": "trade", "venue": "book", "symbol": .string(r[2].description), "price": .string(Amount(units: price).description),
                    "amount": .number(JSONNumber(try i(4))), "buyer": .string(r[5].description), "seller": .string(r[6].description),
                    "side": .string(r[7].description), "maker_order": .number(JSONNumber(try i(8))), "taker_order": .number(JSONNumber(try i(9))),
                    "ts": .string(Timestamp(milliseconds: try i(10)).rfc3339), "seq": .number(JSONNumber(try i(0))),
                ]))
            }
        }
        if venue != "book" {
            for r in try db.statement("""
                SELECT seq, symbol, ts, account, side, amount, value FROM curve_trades
                WHERE (?1 IS NULL OR symbol = ?1) AND seq > ?2 AND ts >= ?3 AND ts < ?4 ORDER BY seq, symbol
                """).all([sym, .int(after), lo, hi]) {
                func i(_ k: Int) throws(SQLiteError) -> Int64 { try r[k].storedInt("curve_trades column \(k + 1) of trade \(r[0])/\(r[1])") }
                let amount = try i(5), value = try r[6].storedUnits("curve_trades.value of trade \(r[0])/\(r[1])")
                let buy = r[4].description == "buy"
                let account = r[3].description
                out.append((try i(0), 0, [
                    "type": "trade", "venue": "curve", "symbol": .string(r[1].description),
                    "price": .string(Amount(units: amount > 0 ? value / Int128(amount) : 0).description), "amount": .number(JSONNumber(amount)),
                    "buyer": .string(buy ? account : "curve"), "seller": .string(buy ? "curve" : account), "side": .string(r[4].description),
                    "ts": .string(Timestamp(milliseconds: try i(2)).rfc3339), "seq": .number(JSONNumber(try i(0))),
                ]))
            }
        }
        out.sort { ($0.seq, $0.n) < ($1.seq, $1.n) }
        let records = out.map(\.record)
        if let limit, records.count > limit { return Array(records.suffix(limit)) }
        return records
    }

    func tradingFeeBps() throws(SQLiteError) -> Int64 {
        guard let text = try meta("trading_fee_bps") else { return 0 }
        guard let bps = Int64(text) else { throw SQLiteError.corruptValue("ledger_meta.trading_fee_bps", .text(text)) }
        return bps
    }

    /// Orders per chunk when a book's levels are read from the ledger.
    static let bookChunk = 256

    /// The best open orders of one side of `symbol`, beyond `frontier` when given (worse prices only):
    /// at least `bookChunk` orders when there are that many, always whole price levels. Returns them and the
    /// new frontier (the worst price read), or nil when they are all that is left of the side. Prices are
    /// decimal integers without leading zeros, so (length, text) orders them numerically, through the
    /// `orders_open_by_price` index: the cost is that of the levels read, not of the book.
    func bookLevels(_ symbol: String, _ side: Side, beyond frontier: Int128?) throws(SQLiteError) -> (orders: [StoredOrder], frontier: Int128?) {
        try flushOrders()
        let limit = SQLValue.int(Int64(Self.bookChunk))
        var rows: [[SQLValue]]
        switch (side, frontier) {
        case (.sell, nil):
            rows = try db.statement("""
                SELECT order_id, symbol, owner, side, type, tif, price, amount, filled, remaining, escrow, fee_bps, sequence, status, ts
                FROM orders WHERE symbol = ? AND side = 'sell' AND status = 'open' ORDER BY length(price), price LIMIT ?
                """).all([.text(symbol), limit])
        case (.sell, let f?):
            rows = try db.statement("""
                SELECT order_id, symbol, owner, side, type, tif, price, amount, filled, remaining, escrow, fee_bps, sequence, status, ts
                FROM orders WHERE symbol = ? AND side = 'sell' AND status = 'open' AND (length(price), price) > (?, ?)
                ORDER BY length(price), price LIMIT ?
                """).all([.text(symbol), .int(Int64(String(f).utf8.count)), .text(String(f)), limit])
        case (.buy, nil):
            rows = try db.statement("""
                SELECT order_id, symbol, owner, side, type, tif, price, amount, filled, remaining, escrow, fee_bps, sequence, status, ts
                FROM orders WHERE symbol = ? AND side = 'buy' AND status = 'open' ORDER BY length(price) DESC, price DESC LIMIT ?
                """).all([.text(symbol), limit])
        case (.buy, let f?):
            rows = try db.statement("""
                SELECT order_id, symbol, owner, side, type, tif, price, amount, filled, remaining, escrow, fee_bps, sequence, status, ts
                FROM orders WHERE symbol = ? AND side = 'buy' AND status = 'open' AND (length(price), price) < (?, ?)
                ORDER BY length(price) DESC, price DESC LIMIT ?
                """).all([.text(symbol), .int(Int64(String(f).utf8.count)), .text(String(f)), limit])
        }
        var orders = try rows.map(Self.order(from:))
        guard orders.count == Self.bookChunk, let last = orders.last?.price else { return (orders, nil) }
        // The limit may cut the last level: read the rest of it, so that the levels read are whole.
        let seen = Set(orders.filter { $0.price == last }.map(\.id))
        let level = try db.statement("""
            SELECT order_id, symbol, owner, side, type, tif, price, amount, filled, remaining, escrow, fee_bps, sequence, status, ts
            FROM orders WHERE symbol = ? AND side = ? AND status = 'open' AND length(price) = ? AND price = ?
            """).all([.text(symbol), .text(side.rawValue), .int(Int64(String(last).utf8.count)), .text(String(last))])
        for o in try level.map(Self.order(from:)) where !seen.contains(o.id) { orders.append(o) }
        return (orders, last)
    }

    /// Reads the next levels of a side of a partly loaded book (after a plan found it `incompleteBook`).
    func extendBook(_ symbol: String, _ side: Side) throws {
        guard var b = books.removeValue(forKey: symbol) else { return }
        defer { books[symbol] = b }
        let frontier = side == .buy ? b.bidFrontier : b.askFrontier
        let next = try bookLevels(symbol, side, beyond: frontier)
        do { try b.extend(side, with: next.orders.map(\.resting), frontier: next.frontier) } catch {
            throw PandaError(.ledger_corrupt, "the open orders of \(symbol) do not form a book: \(error)")
        }
        if cache.active { for o in next.orders { openOrderRows[o.id] = o } }
    }

    /// Aggregated levels of one side, best first: price, amount and number of orders (the `book` query).
    func depth(_ symbol: String, _ side: Side, levels: Int) throws(SQLiteError) -> [(price: Int128, amount: Int64, orders: Int64)] {
        try flushOrders()
        let rows: [[SQLValue]]
        if side == .sell {
            rows = try db.statement("""
                SELECT price, SUM(remaining), COUNT(*) FROM orders WHERE symbol = ? AND side = 'sell' AND status = 'open'
                GROUP BY length(price), price ORDER BY length(price), price LIMIT ?
                """).all([.text(symbol), .int(Int64(levels))])
        } else {
            rows = try db.statement("""
                SELECT price, SUM(remaining), COUNT(*) FROM orders WHERE symbol = ? AND side = 'buy' AND status = 'open'
                GROUP BY length(price), price ORDER BY length(price) DESC, price DESC LIMIT ?
                """).all([.text(symbol), .int(Int64(levels))])
        }
        return try rows.map { r throws(SQLiteError) in
            (try r[0].storedUnits("orders.price"), try r[1].storedInt("orders.remaining"), try r[2].storedInt("orders count"))
        }
    }

    /// Makes sure `books[symbol]` holds the book (mutate it in place there: a copy of a book would be
    /// copied whole on its first change).
    func loadBook(_ symbol: String) throws {
        if books[symbol] == nil { books[symbol] = try book(symbol) }
    }

    /// The in-memory book of `symbol` on first use in a write transaction: the best levels of each side
    /// (`bookLevels`), more read as plans need them.
    func book(_ symbol: String) throws -> OrderBook {
        if let b = books[symbol] { return b }
        let asks = try bookLevels(symbol, .sell, beyond: nil), bids = try bookLevels(symbol, .buy, beyond: nil)
        let b: OrderBook
        do {
            b = try OrderBook(symbol: symbol, restoring: (bids.orders + asks.orders).map(\.resting),
                              askFrontier: asks.frontier, bidFrontier: bids.frontier)
        } catch {
            throw PandaError(.ledger_corrupt, "the open orders of \(symbol) do not form a book: \(error)")
        }
        if cache.active {
            books[symbol] = b
            for o in bids.orders { openOrderRows[o.id] = o }
            for o in asks.orders { openOrderRows[o.id] = o }
        }
        return b
    }
}

/// `pandactl-orders`' operations (DESIGN §4 "Order book", §8 "Orders", "Trade record").
/// Money: a buy escrows `price × amount + fee` (a market buy its `max_cost`); a sell locks its tokens.
/// Each fill moves the maker's and taker's PANDA and tokens in the same transaction, through the same
/// debit/credit and settled-holding steps as every other op, so dividends stay settled. The trading fee
/// (ledger-wide, `fee` by the admin, default 0) is paid by the buyer of each fill, in basis points of the
/// fill's value rounded down, to the admin's account.
public enum OrderOperations {
    public static let all: [Operation] = [place, cancel, book, orders, trades, markets, fee]
    static let maxDepth = 1_000

    public static let place = Operation(
        "place", .mutating, domain: "orders", fields: ["symbol", "side", "price", "amount", "type", "tif", "max_cost"],
        summary: "place a limit or market order; prints an 'order' record, then a 'trade' record per fill"
    ) { ctx in
        let r = ctx.request
        let m = try CurveOperations.loadModel(ctx)
        let symbol = m.symbol
        guard let side = Side(rawValue: try r.string("side") ?? "") else {
            throw PandaError(.invalid_request, "'side' must be buy or sell", field: "side")
        }
        let type = try r.string("type") ?? (r.object["price"] == nil ? "market" : "limit")
        let tifText = try r.string("tif") ?? (type == "market" ? "ioc" : "gtc")
        guard let tif = TimeInForce(rawValue: tifText) else { throw PandaError(.invalid_request, "'tif' must be gtc, ioc, fok or post_only", field: "tif") }
        let feeBps = try ctx.store.tradingFeeBps()
        let id = ctx.seq
        let incoming: IncomingOrder
        var escrow: Int128 = 0  // PANDA the taker locks now
        var price: Int128 = 0
        var amount: Int64
        switch type {
        case "limit":
            guard let p = try r.amount("price") else { throw PandaError(.missing_field, "a limit order needs 'price' (PANDA per token, above 0)", field: "price") }
            price = p.units
            guard let a = try r.tokens("amount") else { throw PandaError(.missing_field, "'amount' is required", field: "amount") }
            amount = a
            let (quote, o) = price.multipliedReportingOverflow(by: Int128(amount))
            guard !o else { throw PandaError(.overflow, "price × amount is too large", field: "amount") }
            if side == .buy { escrow = quote + fee(quote, feeBps) }
            incoming = .limit(id: id, owner: ctx.sender, side: side, price: price, amount: amount, tif: tif)
        case "market":
            guard tif == .ioc else { throw PandaError(.invalid_request, "market orders are immediate-or-cancel (tif ioc)", field: "tif") }
            if side == .buy {
                guard let maxCost = try r.amount("max_cost") else {
                    throw PandaError(.missing_field, "a market buy needs 'max_cost' (the most PANDA it may spend, fees included)", field: "max_cost")
                }
                escrow = maxCost.units
                amount = try r.tokens("amount") ?? .max
                incoming = .marketBuy(id: id, owner: ctx.sender, maxCost: maxCost.units, amount: amount, feeBps: Int(feeBps))
            } else {
                guard let a = try r.tokens("amount") else { throw PandaError(.missing_field, "'amount' is required", field: "amount") }
                amount = a
                incoming = .marketSell(id: id, owner: ctx.sender, amount: amount)
            }
        default:
            throw PandaError(.invalid_request, "'type' must be limit or market", field: "type")
        }
        if r.object["max_cost"] != nil && !(type == "market" && side == .buy) {
            throw PandaError(.invalid_request, "'max_cost' is for market buys", field: "max_cost")
        }

        try ctx.store.loadBook(symbol)
        var planned: OrderPlan?
        while planned == nil {
            switch ctx.store.books[symbol]!.planning(incoming) {
            case .success(let p): planned = p
            case .failure(.incompleteBook(let side)): try ctx.store.extendBook(symbol, side)  // read the next levels, plan again
            case .failure(let e): throw pandaError(e)
            }
        }
        let plan = planned!
        let result = plan.result

        // The taker's side of the money: escrow PANDA for a buy, free tokens for a sell.
        if side == .buy {
            _ = try ctx.debit(ctx.sender, Amount(units: escrow))
        } else {
            // Only a check: the tokens move (with their dividends settled) in the fills and the resting step.
            let h = try ctx.store.holding(symbol, ctx.sender) ?? .empty
            guard h.free >= amount else {
                throw PandaError(.insufficient_tokens, "\(ctx.sender) has \(h.free) free \(symbol), needs \(amount)", field: "amount")
            }
        }

        var records: [JSONObject] = []
        var takerSpent: Int128 = 0  // buy: quote + fees paid out of the escrow
        var received: Int128 = 0  // sell: PANDA the taker received
        let admin = ctx.ledger.info.admin
        for (n, fill) in result.fills.enumerated() {
            guard var maker = try ctx.store.storedOrder(fill.makerOrder) else {
                throw PandaError(.ledger_corrupt, "order \(fill.makerOrder) is in the book but not in the ledger")
            }
            let quote = fill.quote
            let (buyer, seller) = result.counterparties(fill)
            let buyerFeeBps = side == .buy ? feeBps : maker.feeBps
            let tradeFee = fee(quote, buyerFeeBps)
            // Tokens: the seller's (maker: locked; taker: free) go to the buyer's free tokens.
            try moveTokens(ctx, symbol: symbol, from: seller, fromLocked: side == .buy, to: buyer, amount: fill.amount)
            // PANDA: the buyer's escrow pays the seller and the fee.
            if side == .buy {
                takerSpent += quote + tradeFee
            } else {
                maker.escrow -= quote + tradeFee
                received += quote
            }
            _ = try ctx.credit(seller, Amount(units: quote))
            if tradeFee > 0 { _ = try ctx.credit(admin, Amount(units: tradeFee)) }
            maker.filled += fill.amount
            maker.remaining -= fill.amount
            if maker.remaining == 0 { maker.status = "filled" }
            if maker.side == .buy {
                // The maker's escrow stays exactly what its remainder locks; any rounding residue goes back.
                let keep = maker.remaining == 0 ? 0 : maker.price * Int128(maker.remaining) + fee(maker.price * Int128(maker.remaining), maker.feeBps)
                if maker.escrow > keep { _ = try ctx.credit(maker.owner, Amount(units: maker.escrow - keep)) }
                maker.escrow = keep
            }
            try ctx.store.updateOrder(maker)
            try ctx.store.insertBookTrade(seq: ctx.seq, n: Int64(n), symbol: symbol, price: fill.price, amount: fill.amount, buyer: buyer, seller: seller,
                                          side: side, maker: fill.makerOrder, taker: id, fee: tradeFee, ts: ctx.now)
            records.append([
                "type": "trade", "venue": "book", "symbol": .string(symbol), "price": .string(Amount(units: fill.price).description),
                "amount": .number(JSONNumber(fill.amount)), "buyer": .string(buyer), "seller": .string(seller), "side": .string(side.rawValue),
                "maker_order": .number(JSONNumber(fill.makerOrder)), "taker_order": .number(JSONNumber(id)), "fee": .string(Amount(units: tradeFee).description),
                "ts": .string(ctx.now.rfc3339), "seq": .number(JSONNumber(ctx.seq)),
            ])
        }

        // The taker's remainder: a resting order keeps exactly what it locks; the rest comes back.
        var restEscrow: Int128 = 0
        if let resting = result.resting {
            if side == .buy {
                let q = resting.price * Int128(resting.remaining)
                restEscrow = q + fee(q, feeBps)
            } else {
                var m2 = try CurveOperations.loadModel(ctx)
                var h = try CurveOperations.settledHolding(ctx, &m2, ctx.sender)
                h.free -= resting.remaining
                h.locked += resting.remaining
                try ctx.store.saveHolding(symbol, ctx.sender, h)
                try ctx.store.updateModel(m2)
            }
        }
        if side == .buy {
            let refund = escrow - takerSpent - restEscrow
            guard refund >= 0 else { throw PandaError(.internal_error, "order \(id) spent more than its escrow") }
            if refund > 0 { _ = try ctx.credit(ctx.sender, Amount(units: refund)) }
        }
        let status = result.status.rawValue
        let stored = StoredOrder(id: id, symbol: symbol, owner: ctx.sender, side: side, type: type, tif: tif.rawValue, price: price,
                                 amount: type == "market" && side == .buy && amount == .max ? result.filled : amount, filled: result.filled,
                                 remaining: result.remaining, escrow: restEscrow, feeBps: feeBps, sequence: id,  // time priority = placement order (replayable)
                                 status: result.remaining > 0 ? "open" : (status == "filled" ? "filled" : "cancelled"), ts: ctx.now)
        try ctx.store.insertOrder(stored)
        // Last: the in-memory book (anything that fails after this drops it; see `LedgerStore.books`).
        ctx.store.booksTouched.insert(symbol)
        do { _ = try ctx.store.books[symbol]!.commit(plan) } catch { throw pandaError(error) }

        var fields: JSONObject = ["order_id": .number(JSONNumber(id)), "symbol": .string(symbol), "side": .string(side.rawValue), "type": .string(type),
                                  "tif": .string(tif.rawValue), "status": .string(status), "filled": .number(JSONNumber(result.filled)),
                                  "remaining": .number(JSONNumber(result.remaining))]
        if type == "limit" { fields["price"] = .string(Amount(units: price).description) }
        if result.cancelled > 0 { fields["cancelled"] = .number(JSONNumber(result.cancelled)) }
        if result.selfTradePrevented { fields["self_trade_prevented"] = true }
        if side == .buy { fields["spent"] = .string(Amount(units: takerSpent).description); fields["escrow"] = .string(Amount(units: restEscrow).description) }
        else { fields["received"] = .string(Amount(units: received).description) }
        return OpOutput(recordType: "order", fields: fields, records: records)
    }

    public static let cancel = Operation("cancel", .mutating, domain: "orders", fields: ["order_id"],
                                         summary: "cancel an open order of the sender's, releasing its escrow") { ctx in
        guard let id = try ctx.request.safeInteger("order_id") else { throw PandaError(.missing_field, "'order_id' is required", field: "order_id") }
        guard var o = try ctx.store.storedOrder(Int64(id)), o.status == "open" else {
            throw PandaError(.unknown_order, "no open order \(id)", field: "order_id")
        }
        guard o.owner == ctx.sender else { throw PandaError(.not_authorized, "order \(id) is \(o.owner)'s; \(ctx.sender) cannot cancel it", field: "order_id") }
        try ctx.store.loadBook(o.symbol)
        var released: JSONObject
        if o.side == .buy {
            _ = try ctx.credit(o.owner, Amount(units: o.escrow))
            released = ["panda": .string(Amount(units: o.escrow).description)]
        } else {
            var m = try CurveOperations.requireModel(ctx, o.symbol)
            var h = try CurveOperations.settledHolding(ctx, &m, o.owner)
            h.locked -= o.remaining
            h.free += o.remaining
            try ctx.store.saveHolding(o.symbol, o.owner, h)
            try ctx.store.updateModel(m)
            released = ["tokens": .number(JSONNumber(o.remaining))]
        }
        let remaining = o.remaining
        o.escrow = 0
        o.status = "cancelled"
        try ctx.store.updateOrder(o)
        ctx.store.booksTouched.insert(o.symbol)
        // An order beyond a partly loaded side's frontier is only in the ledger's rows.
        if ctx.store.books[o.symbol]!.holds(o.side, price: o.price) {
            do { _ = try ctx.store.books[o.symbol]!.cancel(o.id) } catch { throw pandaError(error) }
        }
        return OpOutput(recordType: "order", fields: ["order_id": .number(JSONNumber(o.id)), "symbol": .string(o.symbol), "side": .string(o.side.rawValue),
                                                      "status": "cancelled", "filled": .number(JSONNumber(o.filled)),
                                                      "cancelled": .number(JSONNumber(remaining)), "released": .object(released)])
    }

    public static let book = Operation("book", .query, domain: "orders", fields: ["symbol", "depth"], summary: "bids and asks by price level") { ctx in
        let m = try CurveOperations.loadModel(ctx)
        let depth = Int(try ctx.request.tokens("depth") ?? 10)
        guard depth <= maxDepth else { throw PandaError(.invalid_request, "'depth' is at most \(maxDepth)", field: "depth") }
        func levels(_ side: Side) throws -> JSONValue {
            .array(try ctx.store.depth(m.symbol, side, levels: depth).map { l in
                .object(["price": .string(Amount(units: l.price).description), "amount": .number(JSONNumber(l.amount)), "orders": .number(JSONNumber(l.orders))])
            })
        }
        return OpOutput(recordType: "book", fields: ["symbol": .string(m.symbol), "bids": try levels(.buy), "asks": try levels(.sell)])
    }

    public static let orders = Operation("orders", .query, domain: "orders", fields: ["account", "symbol", "all"],
                                         summary: "an account's open orders (all of them with all)") { ctx in
        let account = try ctx.account("account") ?? ctx.sender
        let list = try ctx.store.orders(owner: account, symbol: try ctx.request.string("symbol"), all: try ctx.request.bool("all") ?? false)
        return OpOutput(records: list.map { o in
            var r: JSONObject = ["type": "order"]
            r.merge(o.fields)
            return r
        })
    }

    public static let trades = Operation("trades", .query, domain: "orders", fields: ["symbol", "since", "limit", "venue"],
                                         summary: "trade records, after journal seq 'since'") { ctx in
        let symbol = try ctx.request.string("symbol")
        if let symbol, try ctx.store.model(symbol) == nil { throw PandaError(.unknown_symbol, "no model token \(symbol)", field: "symbol") }
        let venue = try ctx.request.string("venue") ?? "book"
        guard ["book", "curve", "all"].contains(venue) else { throw PandaError(.invalid_request, "'venue' must be book, curve or all", field: "venue") }
        let since = Int64(try ctx.request.safeInteger("since") ?? 0)
        let limit = try ctx.request.tokens("limit").map(Int.init)
        return OpOutput(records: try ctx.store.tradeRecords(symbol: symbol, venue: venue, after: since, from: nil, to: nil, limit: limit))
    }

    public static let markets = Operation("markets", .query, domain: "orders", fields: [], summary: "every model's market: category, address, owner, best bid and ask, last price, 24h volume") { ctx in
        var records: [JSONObject] = []
        let dayAgo = Timestamp(milliseconds: ctx.now.milliseconds - 86_400_000)
        for symbol in try ctx.store.modelSymbols() {
            let bestBid = try ctx.store.depth(symbol, .buy, levels: 1).first?.price
            let bestAsk = try ctx.store.depth(symbol, .sell, levels: 1).first?.price
            let recent = try ctx.store.tradeRecords(symbol: symbol, venue: "book", after: 0, from: dayAgo, to: nil, limit: nil)
            let last = try ctx.store.tradeRecords(symbol: symbol, venue: "book", after: 0, from: nil, to: nil, limit: 1).last
            let volume = recent.reduce(Int64(0)) { $0 + ($1["amount"]?.numberValue?.int64Value ?? 0) }
            let m = try CurveOperations.requireModel(ctx, symbol)
            var r: JSONObject = ["type": "market", "symbol": .string(symbol), "name": .string(m.name), "category": .string(m.category),
                                 "address": .string(m.address), "owner": .string(m.owner),
                                 "curve_price": .string(Amount(units: try ctx.modelCurve(m).spotPrice()).description),
                                 "volume_24h": .number(JSONNumber(volume))]
            r["best_bid"] = bestBid.map { .string(Amount(units: $0).description) } ?? .null
            r["best_ask"] = bestAsk.map { .string(Amount(units: $0).description) } ?? .null
            r["last_price"] = last?["price"] ?? .null
            records.append(r)
        }
        return OpOutput(records: records)
    }

    public static let fee = Operation("fee", .mutating, domain: "orders", fields: ["bps"],
                                      summary: "set the ledger-wide trading fee in basis points, paid by buyers to the admin (the admin)") { ctx in
        try ctx.requireAdmin()
        guard let bps = try ctx.request.tokens("bps", allowZero: true), bps <= 1_000 else {
            throw PandaError(.invalid_request, "'bps' is 0 to 1000 (10%)", field: "bps")
        }
        try ctx.store.setMeta("trading_fee_bps", String(bps))
        return OpOutput(fields: ["trading_fee_bps": .number(JSONNumber(bps))])
    }

    // MARK: Shared steps

    /// The trading fee on a fill's value: `bps` of it, rounded down (so a buy's escrow always covers the
    /// fees of its fills, whatever their sizes).
    static func fee(_ quote: Int128, _ bps: Int64) -> Int128 { bps == 0 ? 0 : quote * Int128(bps) / 10_000 }

    /// Tokens from `from` (its locked tokens for a resting sell, else free) to `to`'s free tokens, both settled.
    static func moveTokens(_ ctx: OpContext, symbol: String, from: String, fromLocked: Bool, to: String, amount: Int64) throws {
        var m = try CurveOperations.requireModel(ctx, symbol)
        var a = try CurveOperations.settledHolding(ctx, &m, from)
        if fromLocked { a.locked -= amount } else { a.free -= amount }
        guard a.free >= 0, a.locked >= 0 else { throw PandaError(.internal_error, "order book tokens of \(from) went negative") }
        try ctx.store.saveHolding(symbol, from, a)
        var b = try CurveOperations.settledHolding(ctx, &m, to)
        b.free += amount
        try ctx.store.saveHolding(symbol, to, b)
        try ctx.store.updateModel(m)
    }

    static func pandaError(_ error: any Error) -> PandaError {
        guard let e = error as? MarketError else { return error as? PandaError ?? PandaError(.internal_error, "\(error)") }
        switch e.code {
        case "would_take": return PandaError(.would_take, "a post_only order would trade on arrival", field: "tif")
        case "cannot_fill": return PandaError(.cannot_fill, "a fok order cannot be filled completely at once", field: "tif")
        case "unknown_order": return PandaError(.unknown_order, "\(e)", field: "order_id")
        case "overflow": return PandaError(.overflow, "\(e)")
        case "invalid_order": return PandaError(.invalid_request, "\(e)")
        default: return PandaError(.internal_error, "order book: \(e)")
        }
    }
}

extension Ledger {
    /// Trade records (book, curve or all venues) for `pandactl-ohlc`, oldest first, after journal `seq`.
    public func tradeRecords(symbol: String?, venue: String, after seq: Int64 = 0, from: Timestamp? = nil, to: Timestamp? = nil) throws(PandaError) -> [JSONObject] {
        do {
            try store.beginRead()
            defer { store.rollback() }
            if let symbol, try store.model(symbol) == nil { throw PandaError(.unknown_symbol, "no model token \(symbol)", field: "symbol") }
            return try store.tradeRecords(symbol: symbol, venue: venue, after: seq, from: from, to: to, limit: nil)
        } catch {
            throw mapped(error)
        }
    }
}
