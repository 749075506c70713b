#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ArgumentParser
import Market
import PandaCore
import PandaLedger

/// `pandactl-orders`: the limit order book and matching engine.
public struct OrdersCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pandactl-orders",
        abstract: "Limit order book and matching engine: place, cancel, book, orders, trades, markets.",
        discussion: Help.discussion(
            """
            One book per model token, quoted in PANDA. Limit orders (tif gtc, ioc, fok or post_only) and market \
            orders (a buy spends at most max_cost, a sell sells its amount; both immediate-or-cancel). Matching is \
            by price, then time; a trade executes at the resting order's price; orders fill partly. Self-trade \
            prevention cancels the incoming order's remainder that would cross the same owner's resting order. \
            A post_only that would trade is refused (would_take); a fok that cannot fill completely is refused \
            (cannot_fill). Placing escrows what the order can spend: a buy price x amount PANDA plus the trading \
            fee, a sell its tokens; cancel releases it; each fill settles in the same transaction. 'place' prints \
            an "order" record, then a "trade" record per fill, so its output pipes into pandactl-ohlc. The \
            ledger-wide trading fee (default 0 bps; 'fee' by the admin) is paid by the buyer of each fill, \
            rounded down, to the admin. Every model is listed when created ('markets').
            """,
            examples: [
                ("Offer 100 FNET at 0.5 PANDA each", "pandactl-orders place --symbol FNET --side sell --price 0.5 --amount 100 --key alice.key"),
                ("Buy up to 40 at 0.55, or not at all", "pandactl-orders place --symbol FNET --side buy --price 0.55 --amount 40 --tif fok --key bob.key"),
                ("The book, five levels", "pandactl-orders book --symbol FNET --depth 5 | jq '.bids, .asks'"),
                ("Orders from a file, candles from the fills", "pandactl-orders place - < orders.jsonl | pandactl-ohlc - --interval 1m"),
            ],
            errors: [.would_take, .cannot_fill, .unknown_order, .insufficient_funds, .insufficient_tokens, .not_authorized, .unknown_symbol,
                     .invalid_amount, .invalid_request, .missing_field, .unknown_field, .bad_signature, .replayed_nonce, .wrong_chain]),
        subcommands: [Place.self, Cancel.self, Book.self, Orders.self, Trades.self, Markets.self, Fee.self])

    @OptionGroup public var common: CommonOptions
    public init() {}

    public func run() throws {
        try OrdersCommand.runtime(common).runStdinOrHelp(OrdersCommand.helpMessage())
    }

    static func runtime(_ common: CommonOptions) -> Runtime {
        var r = Runtime(program: "pandactl-orders", operations: OrderOperations.all, common: common)
        // An order's "type" (limit or market) is a request field, not a record type.
        r.typedRequest = { o in o["side"] != nil && ["limit", "market"].contains(o["type"]?.stringValue ?? "") }
        return r
    }

    struct SymbolOption: ParsableArguments {
        @Option(help: ArgumentHelp("The model token's symbol, e.g. FNET.", valueName: "symbol")) var symbol: String?
    }

    struct Place: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Place an order: an 'order' record, then a 'trade' record per fill.")
        @OptionGroup var symbol: SymbolOption
        @Option(help: ArgumentHelp("buy or sell.", valueName: "side")) var side: String?
        @Option(help: ArgumentHelp("Limit price, PANDA per token (none: a market order).", valueName: "price")) var price: String?
        @Option(help: ArgumentHelp("Tokens (whole; a cap for a market buy).", valueName: "n")) var amount: String?
        @Option(help: ArgumentHelp("limit or market (default: limit with --price).", valueName: "type")) var type: String?
        @Option(help: ArgumentHelp("gtc (default), ioc, fok or post_only.", valueName: "tif")) var tif: String?
        @Option(name: .customLong("max-cost"), help: ArgumentHelp("Market buy: the most PANDA to spend, fees included.", valueName: "amount"))
        var maxCost: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try OrdersCommand.runtime(common).runVerb(
                op: "place",
                defaults: defaults(["symbol": symbol.symbol, "side": side, "price": price, "amount": amount, "type": type, "tif": tif, "max_cost": maxCost]),
                stream: input.isSet)
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel an open order of yours, releasing its escrow.")
        @Option(name: .customLong("order-id"), help: ArgumentHelp("The order.", valueName: "id")) var orderID: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            var d = JSONObject()
            if let orderID {
                guard let n = Int64(orderID), n > 0 else { throw ValidationError("--order-id must be a whole number") }
                d["order_id"] = .number(JSONNumber(n))
            }
            try OrdersCommand.runtime(common).runVerb(op: "cancel", defaults: d, stream: input.isSet)
        }
    }

    struct Book: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Bids and asks by price level (a 'book' record).")
        @OptionGroup var symbol: SymbolOption
        @Option(help: ArgumentHelp("Levels per side (default 10).", valueName: "n")) var depth: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try OrdersCommand.runtime(common).runVerb(op: "book", defaults: defaults(["symbol": symbol.symbol, "depth": depth]), stream: input.isSet)
        }
    }

    struct Orders: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An account's open orders ('order' records); --all for closed ones too.")
        @Option(help: ArgumentHelp("The account (default: the sender).", valueName: "account")) var account: String?
        @OptionGroup var symbol: SymbolOption
        @Flag(help: "Include filled and cancelled orders.") var all = false
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            var d = defaults(["account": account, "symbol": symbol.symbol])
            if all { d["all"] = true }
            try OrdersCommand.runtime(common).runVerb(op: "orders", defaults: d, stream: input.isSet)
        }
    }

    struct Trades: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Trade records, oldest first, after journal seq --since.")
        @OptionGroup var symbol: SymbolOption
        @Option(help: ArgumentHelp("Only trades after this journal seq.", valueName: "seq")) var since: String?
        @Option(help: ArgumentHelp("The last N trades.", valueName: "n")) var limit: String?
        @Option(help: ArgumentHelp("book (default), curve or all.", valueName: "venue")) var venue: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            var d = defaults(["symbol": symbol.symbol, "limit": limit, "venue": venue])
            if let since {
                guard let n = Int64(since), n >= 0 else { throw ValidationError("--since must be a journal seq (a whole number)") }
                d["since"] = .number(JSONNumber(n))
            }
            try OrdersCommand.runtime(common).runVerb(op: "trades", defaults: d, stream: input.isSet)
        }
    }

    struct Markets: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every model's market: category, address, owner, best bid and ask, last price, 24h volume, curve price (the ask).")
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try OrdersCommand.runtime(common).runVerb(op: "markets", defaults: JSONObject(), stream: input.isSet)
        }
    }

    struct Fee: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set the ledger-wide trading fee in basis points (the admin).")
        @Option(help: ArgumentHelp("Basis points, 0 to 1000.", valueName: "bps")) var bps: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try OrdersCommand.runtime(common).runVerb(op: "fee", defaults: defaults(["bps": bps]), stream: input.isSet)
        }
    }
}

/// Output formats of `pandactl-ohlc`.
enum CandleFormat: String, ExpressibleByArgument, CaseIterable {
    case jsonl, csv, svg, table
}

/// `pandactl-ohlc`: candlesticks from the ledger's trades or from `trade` records on stdin.
public struct OHLCCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pandactl-ohlc",
        abstract: "Candlesticks from trades (ledger or stdin): JSON lines, CSV or an SVG chart.",
        discussion: Help.discussion(
            """
            Candles of --interval (1m 3m 5m 15m 30m 1h 2h 4h 6h 12h 1d 1w; aligned to the UTC epoch, weeks start \
            Monday) from the ledger's trades (--venue book, curve or all (default); curve buys and sells count at \
            their average price) or, with '-', from "trade" records on stdin (what pandactl-orders place and \
            pandactl-orders trades print). Fields: symbol, interval, open_time, open, high, low, close, volume \
            (tokens), quote_volume (PANDA), vwap (rounded down), trades, filled. Empty intervals are omitted unless \
            --fill (previous close, zero volume, "filled": true). --from (inclusive) and --to (exclusive) select \
            candles by open time; --limit keeps the last N. --format csv writes a header and rows; --format svg \
            a candlestick chart with volume bars (one symbol). --follow keeps reading (stdin, or the ledger every \
            second) and prints each candle again as it updates.
            """,
            examples: [
                ("Hourly FNET candles from the ledger", "pandactl-ohlc --symbol FNET --interval 1h"),
                ("A chart of the last day in 5-minute candles", "pandactl-ohlc --symbol FNET --interval 5m --from \"$(date -u -d '1 day ago' +%FT%TZ)\" --format svg > fnet.svg"),
                ("Candles of an order stream", "pandactl-orders place - < orders.jsonl | pandactl-ohlc - --interval 1m --format csv"),
            ],
            errors: [.unknown_symbol, .invalid_request, .malformed_json, .ledger_missing]),
        subcommands: [Candles.self],
        defaultSubcommand: Candles.self)

    public init() {}

    struct Candles: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Candles from trades (the default verb).")
        @Option(help: ArgumentHelp("The model token (required for the ledger and for svg).", valueName: "symbol")) var symbol: String?
        @Option(help: ArgumentHelp("Candle interval (default 1h).", valueName: "interval")) var interval: String = "1h"
        @Option(help: ArgumentHelp("First open time, RFC 3339 (inclusive).", valueName: "time")) var from: String?
        @Option(help: ArgumentHelp("Last open time bound, RFC 3339 (exclusive).", valueName: "time")) var to: String?
        @Option(help: ArgumentHelp("Keep the last N candles.", valueName: "n")) var limit: Int?
        @Flag(help: "Print empty intervals between trades as filled candles.") var fill = false
        @Option(help: ArgumentHelp("book, curve or all (default).", valueName: "venue")) var venue: String = "all"
        @Option(help: ArgumentHelp("jsonl (default), csv, svg or table.", valueName: "format")) var format: CandleFormat = .jsonl
        @Flag(help: "Keep reading and print each candle again as it updates.") var follow = false
        @Option(help: ArgumentHelp("svg: width and height in pixels, e.g. 1000x600.", valueName: "WxH")) var size: String = "1000x600"
        @OptionGroup var ledger: LedgerOptions
        @Option(name: .customLong("input"), help: ArgumentHelp("Read trade records from this file instead of the ledger.", valueName: "file"))
        var inputFile: String?
        @OptionGroup var input: DashArgument

        /// Trade records are read (from stdin or --input) rather than from the ledger.
        var readsRecords: Bool { input.isSet || inputFile != nil }

        func run() throws {
            let status = CandleRun(options: self).run()
            if status != .ok { throw ExitCode(status.rawValue) }
        }
    }
}

/// One `pandactl-ohlc` run: trades in, candles out.
struct CandleRun {
    let options: OHLCCommand.Candles
    let program = "pandactl-ohlc"

    func run() -> ExitStatus {
        let out = OutputWriter(fd: 1)
        // --format table: candles and error records, one table at the end of the run however it ends.
        final class Rows { var rows: [JSONObject] = [] }
        let table = Rows()
        defer {
            if options.format == .table && !table.rows.isEmpty {
                out.write(TableFormatter.render(table.rows))
                try? out.flush()
            }
        }
        func fail(_ e: PandaError, line: Int? = nil) -> ExitStatus {
            var record: [UInt8] = []
            var o: JSONObject = ["type": "error"]
            if let line { o["line"] = .number(JSONNumber(line)) }
            o.merge(["code": .string(e.code.rawValue), "message": .string(e.message)])
            if options.format == .table { table.rows.append(o) }
            if options.format == .jsonl {
                JSONWriter.write(.object(o), into: &record)
                record.append(0x0A)
                out.write(record)
                try? out.flush()
            }
            Environment.printError("\(program): \(line.map { "line \($0): " } ?? "")\(e.code.rawValue): \(e.message)")
            return e.code.exitStatus
        }
        let interval: CandleInterval
        do { interval = try CandleInterval(parsing: options.interval) } catch {
            return fail(PandaError(.invalid_request, "\(error)", field: "interval"))
        }
        guard ["book", "curve", "all"].contains(options.venue) else { return fail(PandaError(.invalid_request, "--venue must be book, curve or all")) }
        var bounds: [Timestamp?] = []
        for (name, text) in [("from", options.from), ("to", options.to)] {
            guard let text else { bounds.append(nil); continue }
            guard let t = Timestamp(rfc3339: text) else { return fail(PandaError(.invalid_request, "--\(name) must be an RFC 3339 time", field: name)) }
            bounds.append(t)
        }
        let parts = options.size.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] > 0, parts[1] > 0 else { return fail(PandaError(.invalid_request, "--size is WIDTHxHEIGHT, e.g. 1000x600")) }
        if options.format == .svg && options.symbol == nil && !options.readsRecords {
            return fail(PandaError(.missing_field, "--symbol is required", field: "symbol"))
        }
        let mode: CandleAggregator.Mode = options.follow ? .follow : .final
        var aggregators: [String: CandleAggregator] = [:]
        var order: [String] = []
        var collected: [String: [Candle]] = [:]
        var csvHeaderWritten = false

        func emit(_ symbol: String, _ candles: [Candle]) {
            guard !candles.isEmpty else { return }
            switch options.format {
            case .svg:
                collected[symbol, default: []] += candles
            case .csv:
                var text = ""
                if !csvHeaderWritten { text += Candle.csvHeader + "\n"; csvHeaderWritten = true }
                for c in candles { text += c.csvRow(symbol: symbol, interval: interval) + "\n" }
                out.write(Array(text.utf8))
            case .jsonl, .table:
                var bytes: [UInt8] = []
                for c in candles {
                    let record: JSONObject = [
                        "type": "candle", "symbol": .string(symbol), "interval": .string(interval.rawValue), "open_time": .string(c.openTimestamp.rfc3339),
                        "open": .string(Amount(units: c.open).description), "high": .string(Amount(units: c.high).description),
                        "low": .string(Amount(units: c.low).description), "close": .string(Amount(units: c.close).description),
                        "volume": .number(JSONNumber(c.volume)), "quote_volume": .string(Amount(units: c.quoteVolume).description),
                        "vwap": .string(Amount(units: c.vwap).description), "trades": .number(JSONNumber(c.trades)), "filled": .bool(c.filled),
                    ]
                    if options.format == .table { table.rows.append(record); continue }
                    JSONWriter.write(.object(record), into: &bytes)
                    bytes.append(0x0A)
                }
                out.write(bytes)
            }
            if options.follow { try? out.flush() }
        }
        func add(_ record: JSONObject, line: Int?) throws {
            // Trade records are read; other records, and lines without a type, pass by.
            guard case .record("trade") = try RecordTypes.classify(record) else { return }
            guard let symbol = record["symbol"]?.stringValue else { throw PandaError(.missing_field, "a trade record needs 'symbol'", field: "symbol") }
            if let want = options.symbol, want != symbol { return }
            if options.venue != "all", let v = record["venue"]?.stringValue, v != options.venue { return }
            guard let ts = record["ts"]?.stringValue.flatMap({ Timestamp(rfc3339: $0) }) else {
                throw PandaError(.invalid_request, "a trade record needs 'ts' (RFC 3339)", field: "ts")
            }
            guard let priceText = record["price"]?.stringValue ?? record["price"]?.numberValue?.text else {
                throw PandaError(.invalid_request, "a trade record needs 'price' (PANDA)", field: "price")
            }
            let price: Amount
            do { price = try Amount(parsing: priceText) } catch {
                throw PandaError(.invalid_amount, "a trade record's 'price' \(Request.clip(priceText)) \(error.verbPhrase) (PANDA has 18 decimals)", field: "price")
            }
            guard let amount = record["amount"]?.numberValue?.int64Value, amount > 0 else {
                throw PandaError(.invalid_request, "a trade record needs 'amount' (whole tokens)", field: "amount")
            }
            try addTrade(symbol, ts, price.units, amount)
        }
        func addTrade(_ symbol: String, _ ts: Timestamp, _ price: Int128, _ amount: Int64) throws {
            if aggregators[symbol] == nil {
                aggregators[symbol] = CandleAggregator(interval: interval, from: bounds[0], to: bounds[1], fill: options.fill, limit: options.limit, mode: mode)
                order.append(symbol)
            }
            do { emit(symbol, try aggregators[symbol]!.add(CandleTrade(ts: ts, price: price, amount: amount))) } catch {
                throw PandaError(.invalid_request, "\(error)")
            }
        }
        func finish() -> ExitStatus {
            for symbol in order { emit(symbol, aggregators[symbol]!.finish()) }
            if options.format == .svg {
                let symbol = options.symbol ?? order.first ?? "?"
                out.write(Array(renderSVG(candles: collected[symbol] ?? [], symbol: symbol, interval: interval, width: parts[0], height: parts[1]).utf8))
            }
            do { try out.flush() } catch { return .ioError }
            return .ok
        }

        if options.readsRecords {
            let fd: Int32
            switch InputFile.descriptor(options.inputFile) {
            case .success(let opened): fd = opened
            case .failure(let f):
                _ = fail(f.error)
                return f.status
            }
            defer { if fd != 0 { close(fd) } }
            let reader = LineReader(fd: fd)
            var rejected = false
            let fast = TradeLineScanner(symbol: options.symbol, venue: options.venue)
            while true {
                let raw: RawLine?
                do { raw = try reader.next() } catch { return fail(PandaError(.io_error, "reading stdin: \(error.description)")) }
                guard let raw else { break }
                if raw.isBlank { continue }
                do {
                    switch fast.scan(raw.bytes) {
                    case .skip: continue
                    case .trade(let symbol, let ts, let price, let amount):
                        try addTrade(symbol, ts, price, amount)
                        continue
                    case .other: break
                    }
                    guard let o = try JSONParser.parse(raw.bytes).objectValue else { throw PandaError(.invalid_request, "not a JSON object") }
                    try add(o, line: raw.number)
                } catch let e as PandaError {
                    rejected = true
                    _ = fail(e, line: raw.number)
                } catch {
                    rejected = true
                    _ = fail(PandaError(.malformed_json, "not valid JSON: \(error)"), line: raw.number)
                }
            }
            let status = finish()
            return status == .ok && rejected ? .rejected : status
        }

        guard let symbol = options.symbol else { return fail(PandaError(.missing_field, "--symbol is required (or '-' to read trade records)", field: "symbol")) }
        let ledger: Ledger
        do { ledger = try Ledger.open(path: options.ledger.path, readOnly: true, busyTimeout: try options.ledger.busyTimeoutMilliseconds()) } catch {
            return fail(error as? PandaError ?? PandaError(.invalid_request, "\(error)"))
        }
        var seen: Int64 = 0
        while true {
            let records: [JSONObject]
            do { records = try ledger.tradeRecords(symbol: symbol, venue: options.venue, after: seen) } catch { return fail(error) }
            for r in records {
                do { try add(r, line: nil) } catch { return fail(error as? PandaError ?? PandaError(.internal_error, "\(error)")) }
                seen = max(seen, r["seq"]?.numberValue?.int64Value ?? seen)
            }
            guard options.follow else { break }
            try? out.flush()
            usleep(1_000_000)
        }
        return finish()
    }
}

/// The fast path of `pandactl-ohlc -`: a well-formed trade record read without building a JSON object.
/// Whatever it cannot decide plainly (`.other`: an error, an unusual form) goes through `JSONParser` and
/// `CandleRun.add`, which give the same result for every line this accepts.
final class TradeLineScanner {
    enum Result {
        case trade(symbol: String, ts: Timestamp, price: Int128, amount: Int64)
        /// Not a trade record, or filtered out by --symbol/--venue.
        case skip
        case other
    }

    private let scanner = FlatRecordScanner(keys: ["type", "symbol", "venue", "ts", "price", "amount"])
    private let wantSymbol: [UInt8]?
    private let wantVenue: [UInt8]?
    /// The last symbol's bytes and String, so a String is made only when the symbol changes.
    private var lastSymbolBytes: [UInt8] = []
    private var lastSymbol = ""

    init(symbol: String?, venue: String) {
        wantSymbol = symbol.map { Array($0.utf8) }
        wantVenue = venue == "all" ? nil : Array(venue.utf8)
    }

    func scan(_ line: UnsafeRawBufferPointer) -> Result {
        guard scanner.scan(line) else { return .other }
        guard scanner.kind(0) != .absent else { return .skip }  // no type: not a record
        // Any type but "trade" is classified by the slow path (another record passes, an unknown type is an error).
        guard let type = scanner.string(0), equal(type, TradeLineScanner.trade) else { return .other }
        guard let symbol = scanner.string(1) else { return .other }
        if let wantSymbol, !equal(symbol, wantSymbol) { return .skip }
        if let wantVenue {
            switch scanner.kind(2) {
            case .absent: break
            case .string: if !equal(scanner.string(2)!, wantVenue) { return .skip }
            default: return .other
            }
        }
        guard let tsBytes = scanner.string(3), let ts = Timestamp(rfc3339Bytes: tsBytes),
              let priceBytes = scanner.string(4) ?? scanner.number(4), let price = Amount.units(plainDecimal: priceBytes),
              let amountBytes = scanner.number(5), let amount = TradeLineScanner.positiveInt(amountBytes)
        else { return .other }
        if !equal(symbol, lastSymbolBytes) {
            lastSymbolBytes = Array(symbol)
            lastSymbol = String(decoding: symbol, as: UTF8.self)
        }
        return .trade(symbol: lastSymbol, ts: ts, price: price, amount: amount)
    }

    private static let trade = Array("trade".utf8)

    private func equal(_ a: UnsafeRawBufferPointer, _ b: [UInt8]) -> Bool {
        a.count == b.count && (a.count == 0 || b.withUnsafeBytes { memcmp($0.baseAddress!, a.baseAddress!, a.count) == 0 })
    }

    /// `[1-9][0-9]{0,17}`: a positive whole number that fits, else nil.
    private static func positiveInt(_ b: UnsafeRawBufferPointer) -> Int64? {
        guard b.count >= 1, b.count <= 18, b[0] != 0x30 else { return nil }
        var v: Int64 = 0
        for c in b {
            guard c &- 0x30 < 10 else { return nil }
            v = v * 10 + Int64(c &- 0x30)
        }
        return v
    }
}
