// Candles against pandas fixtures (Tests/Fixtures/market, generate.py there), plus the rules pandas does not
// cover: from/to, limit, follow mode, out-of-order trades, CSV.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Market
import PandaCore
import Testing

/// Tests/Fixtures/market, found from this file's path.
let marketFixtures: String = {
    var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(2)  // MarketTests/CandleTests.swift
    return parts.joined(separator: "/") + "/Fixtures/market"
}()

func readText(_ path: String) -> String? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 65_536)
    while true {
        let n = fread(&buf, 1, buf.count, f)
        if n <= 0 { break }
        bytes += buf[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Rows of a CSV fixture without its header.
func csvRows(_ name: String) -> [[String]] {
    guard let text = readText(marketFixtures + "/" + name) else { return [] }
    return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
}

func units(_ s: String) -> Int128 { (try? Amount(parsing: s).units) ?? -1 }

func fixtureTrades(_ set: String) -> [CandleTrade] {
    csvRows("trades_\(set).csv").map { CandleTrade(ms: Int64($0[0])!, price: units($0[1]), amount: Int64($0[2])!) }
}

func fixtureCandles(_ file: String) -> [Candle] {
    csvRows(file).map { r in
        Candle(openTime: Int64(r[0])!, open: units(r[1]), high: units(r[2]), low: units(r[3]), close: units(r[4]),
               volume: Int64(r[5])!, quoteVolume: units(r[6]), trades: Int(r[8])!, filled: r.count > 9 && r[9] == "1")
    }
}

func fixtureVwaps(_ file: String) -> [Int128] { csvRows(file).map { units($0[7]) } }

struct CandleFixtureTests {
    static let cases: [(String, CandleInterval)] = [
        ("dense", .m1), ("dense", .m3), ("dense", .m5), ("dense", .m15), ("dense", .m30),
        ("sparse", .h1), ("sparse", .h2), ("sparse", .h4), ("sparse", .h6), ("sparse", .h12), ("sparse", .d1), ("sparse", .w1),
    ]
    static let fillCases: [(String, CandleInterval)] = [("dense", .m15), ("sparse", .h4), ("sparse", .d1), ("sparse", .w1)]

    @Test(arguments: cases)
    func matchesPandas(set: String, interval: CandleInterval) throws {
        let trades = fixtureTrades(set)
        let file = "candles_\(set)_\(interval).csv"
        let expected = fixtureCandles(file)
        #expect(trades.count >= 300 && expected.count > 5, "fixture \(file) missing or short")
        let got = try CandleAggregator.candles(trades, interval: interval)
        #expect(got == expected)
        #expect(got.map(\.vwap) == fixtureVwaps(file))
        #expect(got.allSatisfy { !$0.filled && $0.low <= min($0.open, $0.close) && $0.high >= max($0.open, $0.close) })
        // Follow mode: the last update of each candle is the final candle.
        var follow = CandleAggregator(interval: interval, mode: .follow)
        var last: [Int64: Candle] = [:]
        var updates = 0
        for t in trades {
            let out = try follow.add(t)
            #expect(out.last == follow.current)
            updates += out.count
            for c in out { last[c.openTime] = c }
        }
        #expect(follow.finish().isEmpty)
        #expect(updates == trades.count)
        #expect(last.values.sorted { $0.openTime < $1.openTime } == expected)
    }

    @Test(arguments: fillCases)
    func fillMatchesPandasEmptyBins(set: String, interval: CandleInterval) throws {
        let file = "candles_\(set)_\(interval)_fill.csv"
        let expected = fixtureCandles(file)
        #expect(expected.contains { $0.filled } && expected.contains { !$0.filled }, "fixture \(file) missing or without gaps")
        let got = try CandleAggregator.candles(fixtureTrades(set), interval: interval, fill: true)
        #expect(got == expected)
        #expect(got.map(\.vwap) == fixtureVwaps(file))
        // Consecutive open times, one interval apart.
        #expect(zip(got, got.dropFirst()).allSatisfy { $1.openTime - $0.openTime == interval.milliseconds })
    }

    @Test func weeksStartOnMonday() throws {
        let monday = Timestamp(rfc3339: "2026-03-02T00:00:00Z")!
        #expect(CandleInterval.w1.openTime(containing: Timestamp(rfc3339: "2026-03-08T23:59:59.999Z")!) == monday)
        #expect(CandleInterval.w1.openTime(containing: monday) == monday)
        #expect(CandleInterval.w1.openTime(containing: Timestamp(rfc3339: "2026-03-09T00:00:00Z")!).rfc3339 == "2026-03-09T00:00:00.000Z")
        // The epoch itself (a Thursday) belongs to the week of Monday 1969-12-29.
        #expect(CandleInterval.w1.openTime(containing: 0) == -3 * 86_400_000)
        #expect(CandleInterval.d1.openTime(containing: -1) == -86_400_000)
        #expect(CandleInterval.h4.openTime(containing: Timestamp(rfc3339: "2026-03-02T07:59:00Z")!).rfc3339 == "2026-03-02T04:00:00.000Z")
        #expect(CandleInterval.m3.openTime(containing: 180_000 * 7 + 179_999) == 180_000 * 7)
        #expect(try CandleInterval(parsing: "12h") == .h12)
        #expect(throws: MarketError.invalidInterval("2w")) { try CandleInterval(parsing: "2w") }
        #expect(CandleInterval.allCases.map(\.rawValue) == ["1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "12h", "1d", "1w"])
    }
}

struct CandleRuleTests {
    func t(_ ms: Int64, _ price: Int128, _ amount: Int64 = 1) -> CandleTrade { CandleTrade(ms: ms, price: price, amount: amount) }

    @Test func streamsOneCandleWhenTheNextIntervalStarts() throws {
        var agg = CandleAggregator(interval: .m1)
        #expect(try agg.add(t(1_000, 10)).isEmpty)
        #expect(try agg.add(t(59_999, 12, 2)).isEmpty)
        let out = try agg.add(t(60_000, 11))
        #expect(out == [Candle(openTime: 0, open: 10, high: 12, low: 10, close: 12, volume: 3, quoteVolume: 34, trades: 2, filled: false)])
        #expect(out[0].vwap == 11)  // 34 / 3 = 11.33… rounded down
        #expect(try agg.add(t(200_000, 9)) == [Candle(openTime: 60_000, open: 11, high: 11, low: 11, close: 11, volume: 1, quoteVolume: 11, trades: 1, filled: false)])
        #expect(agg.finish().map(\.openTime) == [180_000])
        #expect(agg.finish().isEmpty)
    }

    @Test func fillOnlyBetweenRealCandles() throws {
        let trades = [t(90_000, 10), t(300_000, 20)]  // minutes 1 and 5
        let got = try CandleAggregator.candles(trades, interval: .m1, from: Timestamp(milliseconds: 0), to: Timestamp(milliseconds: 600_000), fill: true)
        #expect(got.map(\.openTime) == [60_000, 120_000, 180_000, 240_000, 300_000])
        #expect(got.map(\.filled) == [false, true, true, true, false])
        #expect(got[1] == Candle(openTime: 120_000, open: 10, high: 10, low: 10, close: 10, volume: 0, quoteVolume: 0, trades: 0, filled: true))
        #expect(got[2].vwap == 10)
    }

    @Test func fromIsInclusiveToIsExclusiveOnOpenTimes() throws {
        let trades = (0..<10).map { t(Int64($0) * 60_000 + 30_000, Int128(100 + $0)) }
        let got = try CandleAggregator.candles(trades, interval: .m1, from: Timestamp(milliseconds: 120_000), to: Timestamp(milliseconds: 300_000))
        #expect(got.map(\.openTime) == [120_000, 180_000, 240_000])
        // A bound inside an interval: that candle starts before `from`, so it is out; the one containing `to` is in.
        let mid = try CandleAggregator.candles(trades, interval: .m1, from: Timestamp(milliseconds: 150_000), to: Timestamp(milliseconds: 250_000))
        #expect(mid.map(\.openTime) == [180_000, 240_000])
        // Against the fixture: every candle whose open time is in range, unchanged.
        let all = fixtureCandles("candles_sparse_1d.csv")
        let from = all[3].openTime, to = all[9].openTime
        let ranged = try CandleAggregator.candles(fixtureTrades("sparse"), interval: .d1, from: Timestamp(milliseconds: from), to: Timestamp(milliseconds: to))
        #expect(ranged == all.filter { $0.openTime >= from && $0.openTime < to })
        #expect(ranged.count == 6)
    }

    @Test func limitKeepsTheLastCandles() throws {
        let all = fixtureCandles("candles_dense_1m.csv")
        let trades = fixtureTrades("dense")
        #expect(try CandleAggregator.candles(trades, interval: .m1, limit: 5) == Array(all.suffix(5)))
        #expect(try CandleAggregator.candles(trades, interval: .m1, limit: 0) == [])
        #expect(try CandleAggregator.candles(trades, interval: .m1, limit: 100_000) == all)
        var agg = CandleAggregator(interval: .m1, limit: 3)
        for tr in trades { #expect(try agg.add(tr).isEmpty) }
        #expect(agg.finish() == Array(all.suffix(3)))
    }

    @Test func outOfOrderWithinTheCandleIsAcceptedEarlierIntervalsAreRefused() throws {
        var agg = CandleAggregator(interval: .m1)
        _ = try agg.add(t(30_000, 10))
        _ = try agg.add(t(40_000, 12))
        _ = try agg.add(t(20_000, 8))   // earlier than the open: becomes the open
        _ = try agg.add(t(35_000, 15))  // in the middle: neither open nor close
        _ = try agg.add(t(40_000, 11))  // same time as the close, later arrival: the close
        let before = agg.current
        #expect(before == Candle(openTime: 0, open: 8, high: 15, low: 8, close: 11, volume: 5, quoteVolume: 56, trades: 5, filled: false))
        _ = try agg.add(t(60_000, 13))
        #expect(throws: MarketError.outOfOrder(tradeMs: 59_000, candleOpenMs: 60_000)) { try agg.add(t(59_000, 1)) }
        #expect(agg.current?.trades == 1 && agg.current?.close == 13)  // unchanged
        // Trades outside from/to are skipped, not errors.
        var ranged = CandleAggregator(interval: .m1, from: Timestamp(milliseconds: 60_000))
        _ = try ranged.add(t(70_000, 5))
        #expect(try ranged.add(t(10_000, 5)).isEmpty)
        #expect(throws: MarketError.self) { try ranged.add(t(70_000, 5, 0)) }
        #expect(throws: MarketError.overflow) { try ranged.add(t(70_000, .max, 2)) }
        #expect(ranged.current?.trades == 1)
    }

    @Test func followModeEmitsEveryUpdateAndTheFilledGap() throws {
        var agg = CandleAggregator(interval: .m1, fill: true, mode: .follow)
        #expect(try agg.add(t(0, 10)).map(\.close) == [10])
        #expect(try agg.add(t(1, 11)).map(\.close) == [11])
        let out = try agg.add(t(180_000, 12))
        #expect(out.map(\.openTime) == [60_000, 120_000, 180_000])
        #expect(out.map(\.filled) == [true, true, false])
        #expect(agg.finish().isEmpty)
    }

    @Test func csvUsesExactDecimals() throws {
        let c = Candle(openTime: 1_772_409_600_000, open: 1_500_000_000_000_000_000, high: 2 * 1_000_000_000_000_000_000, low: 1,
                       close: 1_000_000_000_000_000_000, volume: 3, quoteVolume: 4_500_000_000_000_000_001, trades: 2, filled: false)
        #expect(Candle.csvHeader == "symbol,interval,open_time,open,high,low,close,volume,quote_volume,vwap,trades,filled")
        #expect(c.csvRow(symbol: "FNET", interval: .w1)
                == "FNET,1w,2026-03-02T00:00:00.000Z,1.5,2,0.000000000000000001,1,3,4.500000000000000001,1.5,2,false")
        #expect(c.csvRow(symbol: "A,B", interval: .m1).hasPrefix("\"A,B\",1m,"))
    }
}
