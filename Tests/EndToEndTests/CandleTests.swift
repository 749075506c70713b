import PandaCore
import Testing

/// `pandactl-ohlc -` reads plain trade records on a fast path and everything else through the JSON
/// parser; the two must give the same candles, errors and exit status.
@Suite struct CandleStreamTests {
    /// A deterministic stream of trade records plus lines that must be refused or skipped.
    static func stream(slowForm: Bool) -> String {
        var rng = UInt64(0x0C1C_0001)
        func next(_ n: UInt64) -> UInt64 {
            rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (rng >> 33) % n
        }
        // The slow form means the same record but has a nested member, which the fast path leaves to the parser.
        let extra = slowForm ? #","meta":{"form":["slow"]}"# : ""
        var lines: [String] = []
        var second = 0
        for i in 0..<600 {
            second += Int(next(20))
            let ts = String(format2: second)
            let symbol = ["FNET", "GPTX"][Int(next(2))]
            let venue = next(5) == 0 ? "curve" : "book"
            let price = "\(1 + next(3)).\(String(next(1_000_000)).leftPadded(6))"
            let priceField = next(4) == 0 ? price : "\"\(price)\""
            lines.append(#"{"type":"trade","venue":"\#(venue)","symbol":"\#(symbol)","price":\#(priceField),"amount":\#(1 + next(50)),"ts":"\#(ts)","seq":\#(i)\#(extra)}"#)
            switch i {
            case 50: lines.append(#"{"type":"trade","symbol":"FNET","price":"1.5","amount":0,"ts":"\#(ts)"\#(extra)}"#)
            case 60: lines.append(#"{"type":"trade","symbol":"FNET","price":"1.5","amount":"5","ts":"\#(ts)"\#(extra)}"#)
            case 70: lines.append(#"{"type":"trade","symbol":"FNET","price":"-1","amount":5,"ts":"\#(ts)"\#(extra)}"#)
            case 80: lines.append(#"{"type":"trade","symbol":"FNET","price":"1e-3","amount":5,"ts":"\#(ts)"\#(extra)}"#)
            case 90: lines.append(#"{"type":"trade","symbol":"FNET","price":"1.0000000000000000001","amount":5,"ts":"\#(ts)"\#(extra)}"#)
            case 100: lines.append(#"{"type":"trade","symbol":"FNET","price":"1.5","amount":5,"ts":"2026-11-21T00:00:00Z"\#(extra)}"#)  // out of order
            case 110: lines.append(#"{"type":"trade","symbol":"FNET","price":"1.5","amount":5\#(extra)}"#)
            case 120: lines.append(#"{"type":"trade","price":"1.5","amount":5,"ts":"\#(ts)"\#(extra)}"#)
            case 130: lines.append(#"{"type":"order","symbol":"FNET","price":"1.5","amount":5,"ts":"\#(ts)"\#(extra)}"#)
            case 140: lines.append(#"{"symbol":"FNET","price":"1.5","amount":5,"ts":"\#(ts)"\#(extra)}"#)
            case 150: lines.append(#"{"type":"trade","symbol":"FNET","price":"1.5","amount":5,"ts":"2026-13-01T00:00:00Z"\#(extra)}"#)
            case 160: lines.append(#"{"type":"trade","symbol":"FNET","price":"1.5","amount":5,"ts":"\#(ts)","ts":"\#(ts)"\#(extra)}"#)
            case 170: lines.append(#"{"type":"trade","symbol":"FNET","price":1.25,"amount":5,"ts":"\#(ts)"\#(extra)} trailing"#)
            case 180: lines.append("not json")
            case 190: lines.append(#"["type","trade"]"#)
            case 200: lines.append(#"{"type":"trade","venue":7,"symbol":"FNET","price":"1.5","amount":5,"ts":"\#(ts)"\#(extra)}"#)
            default: break
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test(arguments: [
        ["--interval", "1m"],
        ["--interval", "5m", "--symbol", "FNET", "--venue", "book", "--fill"],
        ["--interval", "1m", "--format", "csv", "--venue", "curve"],
        ["--interval", "15m", "--limit", "3"],
    ])
    func fastAndParsedReadingsAgree(_ flags: [String]) {
        let fast = Harness.run("pandactl-ohlc", ["-"] + flags, input: CandleStreamTests.stream(slowForm: false))
        let slow = Harness.run("pandactl-ohlc", ["-"] + flags, input: CandleStreamTests.stream(slowForm: true))
        #expect(fast.signal == nil && slow.signal == nil)
        #expect(fast.status == 1, "refused lines make the run exit 1: \(fast.stderr)")
        #expect(fast.status == slow.status)
        // Only the byte offsets in parse errors may differ: the slow form's lines are longer.
        #expect(CandleStreamTests.withoutOffsets(fast.stdout) == CandleStreamTests.withoutOffsets(slow.stdout))
        #expect(CandleStreamTests.withoutOffsets(fast.stderr) == CandleStreamTests.withoutOffsets(slow.stderr))
        #expect(!fast.stdout.isEmpty)
    }

    static func withoutOffsets(_ text: String) -> String {
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let r = line.firstRange(of: " at byte ") {
                out += line[..<r.lowerBound] + " at byte N" + line[r.upperBound...].drop { $0.isNumber } + "\n"
            } else {
                out += line + "\n"
            }
        }
        return out
    }

    @Test func errorsNameTheirLines() {
        let r = Harness.run("pandactl-ohlc", ["-", "--interval", "1m"], input: CandleStreamTests.stream(slowForm: false))
        let errors = r.records(ofType: "error")
        // amount 0, amount as text, negative price, 19 decimals, out of order, no ts, no symbol, bad date,
        // duplicate key, trailing text, not JSON, not an object, venue not a string is accepted (no filter).
        #expect(errors.count == 12, "\(r.stdout)")
        // A price that is not an exact PANDA amount (19 decimals) is invalid_amount, naming the price.
        #expect(Set(errors.compactMap { $0["code"]?.stringValue }) == ["invalid_request", "missing_field", "malformed_json", "invalid_amount"])
    }

    @Test func candlesOfAHandWorkedMinute() {
        let input = """
            {"type":"trade","symbol":"FNET","price":"1.5","amount":2,"ts":"2026-11-21T10:00:05Z"}
            {"type":"trade","symbol":"FNET","price":"1.75","amount":1,"ts":"2026-11-21T10:00:30.250Z"}
            {"type":"trade","symbol":"FNET","price":1.25,"amount":4,"ts":"2026-11-21T10:00:59.999Z"}
            {"type":"trade","symbol":"FNET","price":"2","amount":1,"ts":"2026-11-21T10:03:00Z"}

            """
        let r = Harness.run("pandactl-ohlc", ["-", "--interval", "1m"], input: input)
        #expect(r.status == 0, "\(r.stderr)")
        let candles = r.records(ofType: "candle")
        #expect(candles.count == 2)
        guard candles.count == 2 else { return }
        let c = candles[0]
        #expect(c["open_time"]?.stringValue == "2026-11-21T10:00:00.000Z")
        #expect(c["open"]?.stringValue == "1.5" && c["high"]?.stringValue == "1.75")
        #expect(c["low"]?.stringValue == "1.25" && c["close"]?.stringValue == "1.25")
        #expect(c["volume"]?.numberValue?.int64Value == 7 && c["trades"]?.numberValue?.int64Value == 3)
        #expect(c["quote_volume"]?.stringValue == "9.75")
        #expect(candles[1]["open_time"]?.stringValue == "2026-11-21T10:03:00.000Z")
    }
}

extension String {
    /// `2026-11-21T00:00:00Z` plus `seconds`, seconds resolution (test data only).
    init(format2 seconds: Int) {
        let h = 1 + seconds / 3600, m = (seconds / 60) % 60, s = seconds % 60
        self = "2026-11-21T\(String(h).leftPadded(2)):\(String(m).leftPadded(2)):\(String(s).leftPadded(2))Z"
    }

    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
