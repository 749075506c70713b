// The SVG chart: well-formed XML in every edge case, escaped text, sane coordinates.
// PANDA_RENDER_SVG=DIR writes sample charts to DIR (bench/market/render-svg.sh screenshots them).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
@testable import Market
import PandaCore
import Testing

/// A small XML well-formedness check: one root element, balanced and properly nested tags, quoted unique
/// attributes, only the predefined or numeric entities, no `<` or `&` loose in text. Returns the problem, or nil.
func xmlProblem(_ text: String) -> String? {
    let b = Array(text.utf8)
    var i = 0
    var stack: [String] = []
    var roots = 0
    func isName(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F || c == 0x3A || c == 0x2E
    }
    func entityOK(_ at: Int) -> Int? {  // returns the index after ';'
        guard let semi = b[at...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else { return nil }
        let name = String(decoding: b[(at + 1)..<semi], as: UTF8.self)
        if ["amp", "lt", "gt", "quot", "apos"].contains(name) { return semi + 1 }
        if name.hasPrefix("#x"), name.count > 2, name.dropFirst(2).allSatisfy(\.isHexDigit) { return semi + 1 }
        if name.hasPrefix("#"), name.count > 1, name.dropFirst().allSatisfy(\.isNumber) { return semi + 1 }
        return nil
    }
    if text.hasPrefix("<?xml") {
        while i + 1 < b.count && !(b[i] == UInt8(ascii: "?") && b[i + 1] == UInt8(ascii: ">")) { i += 1 }
        guard i + 1 < b.count else { return "unterminated XML declaration" }
        i += 2
    }
    while i < b.count {
        let c = b[i]
        if c == UInt8(ascii: "<") {
            i += 1
            guard i < b.count else { return "truncated tag" }
            let closing = b[i] == UInt8(ascii: "/")
            if closing { i += 1 }
            let start = i
            while i < b.count && isName(b[i]) { i += 1 }
            guard i > start else { return "empty tag name at \(i)" }
            let name = String(decoding: b[start..<i], as: UTF8.self)
            if closing {
                while i < b.count && b[i] == 0x20 { i += 1 }
                guard i < b.count, b[i] == UInt8(ascii: ">") else { return "bad closing tag \(name)" }
                guard stack.last == name else { return "closing \(name) but open \(stack.last ?? "nothing")" }
                stack.removeLast()
                i += 1
                continue
            }
            if stack.isEmpty { roots += 1 }
            var attrs = Set<String>()
            while true {
                while i < b.count && (b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x09) { i += 1 }
                guard i < b.count else { return "unterminated tag \(name)" }
                if b[i] == UInt8(ascii: ">") { stack.append(name); i += 1; break }
                if b[i] == UInt8(ascii: "/") {
                    guard i + 1 < b.count, b[i + 1] == UInt8(ascii: ">") else { return "bad self-closing \(name)" }
                    i += 2
                    break
                }
                let a = i
                while i < b.count && isName(b[i]) { i += 1 }
                guard i > a else { return "bad attribute in \(name) at \(i)" }
                let attr = String(decoding: b[a..<i], as: UTF8.self)
                guard attrs.insert(attr).inserted else { return "duplicate attribute \(attr) in \(name)" }
                guard i + 1 < b.count, b[i] == UInt8(ascii: "="), b[i + 1] == UInt8(ascii: "\"") || b[i + 1] == UInt8(ascii: "'") else {
                    return "unquoted attribute \(attr) in \(name)"
                }
                let q = b[i + 1]
                i += 2
                while i < b.count && b[i] != q {
                    if b[i] == UInt8(ascii: "<") { return "< in attribute \(attr)" }
                    if b[i] == UInt8(ascii: "&") { guard let n = entityOK(i) else { return "bad entity in attribute \(attr)" }; i = n; continue }
                    i += 1
                }
                guard i < b.count else { return "unterminated attribute \(attr)" }
                i += 1
            }
        } else if c == UInt8(ascii: "&") {
            guard let n = entityOK(i) else { return "bad entity at \(i)" }
            i = n
        } else {
            if stack.isEmpty && !(c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D) { return "text outside the root at \(i)" }
            i += 1
        }
    }
    if !stack.isEmpty { return "unclosed \(stack)" }
    return roots == 1 ? nil : "\(roots) root elements"
}

func sampleCandles(_ n: Int, interval: CandleInterval = .h1, seed: UInt64 = 3, flat: Bool = false) -> [Candle] {
    var rng = SplitMix(seed: seed)
    var trades: [CandleTrade] = []
    var price: Int128 = 25_000_000_000_000_000_000
    var t: Int64 = 1_772_409_600_000 + 7 * 3_600_000
    for _ in 0..<(n * 6) {
        t += Int64.random(in: 1...(interval.milliseconds / 3), using: &rng)
        if !flat { price = max(1_000_000_000_000_000, price + Int128(Int64.random(in: -400...400, using: &rng)) * 1_000_000_000_000_000) }
        trades.append(CandleTrade(ms: t, price: price, amount: Int64.random(in: 1...60, using: &rng)))
    }
    let all = (try? CandleAggregator.candles(trades, interval: interval, fill: true)) ?? []
    return Array(all.prefix(n))
}

let svgOutDir: String? = getenv("PANDA_RENDER_SVG").map { String(cString: $0) }

struct CandleChartTests {
    @Test func theCheckerCatchesBrokenXML() {
        #expect(xmlProblem("<svg><g></svg>") != nil)
        #expect(xmlProblem("<svg a=1/>") != nil)
        #expect(xmlProblem("<svg>a & b</svg>") != nil)
        #expect(xmlProblem("<svg/><svg/>") != nil)
        #expect(xmlProblem("<svg a=\"1\" a=\"2\"/>") != nil)
        #expect(xmlProblem("<?xml version=\"1.0\"?>\n<svg a=\"&amp;\"><t>x &lt; y</t></svg>\n") == nil)
    }

    static let shapes: [(String, Int)] = [("none", 0), ("one", 1), ("two", 2), ("many", 120)]

    @Test(arguments: shapes)
    func wellFormedForAnyNumberOfCandles(name: String, count: Int) {
        let candles = sampleCandles(count)
        #expect(candles.count == count)
        let svg = renderSVG(candles: candles, symbol: "FNET<&>\"'", interval: .h1, width: 1000, height: 600)
        #expect(xmlProblem(svg) == nil, "\(xmlProblem(svg) ?? "")")
        #expect(svg.contains("FNET&lt;&amp;&gt;&quot;&apos; · 1h · UTC"))
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        if count == 0 { #expect(svg.contains("no trades")) }
        // One wick line per candle.
        let wicks = svg.split(separator: "<line").count - 1
        #expect(wicks >= count)
    }

    @Test func flatPricesAndTinyCanvas() {
        let flat = sampleCandles(30, flat: true)
        #expect(flat.allSatisfy { $0.high == $0.low })
        let svg = renderSVG(candles: flat, symbol: "FLAT", interval: .m5, width: 10, height: 10)
        #expect(xmlProblem(svg) == nil)
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        // A single zero-price candle (a free token) must not divide by zero either.
        let zero = Candle(openTime: 0, open: 0, high: 0, low: 0, close: 0, volume: 0, quoteVolume: 0, trades: 0, filled: true)
        let z = renderSVG(candles: [zero], symbol: "Z", interval: .w1)
        #expect(xmlProblem(z) == nil && !z.contains("nan"))
    }

    @Test func priceTicksAreRoundNumbers() {
        let svg = renderSVG(candles: sampleCandles(50), symbol: "FNET", interval: .h1)
        // Price labels (the text at the right edge, before the volume scale) are exact decimals that step by
        // a constant 1, 2 or 5 × 10^k base units.
        let texts = svg.split(separator: "<text").dropFirst().compactMap { part -> String? in
            guard let gt = part.firstIndex(of: ">") else { return nil }
            let rest = part[part.index(after: gt)...]
            guard let lt = rest.firstIndex(of: "<") else { return nil }
            return String(rest[..<lt])
        }
        let numbers = texts.compactMap { try? Amount(parsing: $0).units }
        let prices = Array(numbers.dropLast())  // the last number is the volume scale
        #expect(texts.contains("volume"))
        #expect(prices.count >= 3, "\(texts)")
        let steps = Set(zip(prices, prices.dropFirst()).map { $1 - $0 })
        #expect(steps.count == 1, "\(prices)")
        if let step = steps.first {
            var m = step
            while m % 10 == 0 { m /= 10 }
            #expect([1, 2, 5].contains(m))
            #expect(prices.allSatisfy { $0 % step == 0 })
        }
        #expect(niceStep(7, target: 7) == 1 && niceStep(130, target: 6) == 50 && niceStep(1, target: 10) == 1)
        #expect(niceStep(999_999_999_999_999_999, target: 5) == 200_000_000_000_000_000)
    }

    @Test(.enabled(if: svgOutDir != nil))
    func writeSamples() throws {
        let dir = svgOutDir!
        let samples: [(String, [Candle], CandleInterval)] = [
            ("hourly", sampleCandles(90, interval: .h1), .h1),
            ("minutes", sampleCandles(45, interval: .m5, seed: 9), .m5),
            ("weekly", sampleCandles(20, interval: .w1, seed: 4), .w1),
            ("one", sampleCandles(1), .h1),
            ("empty", [], .d1),
            ("flat", sampleCandles(30, interval: .m15, flat: true), .m15),
        ]
        for (name, candles, interval) in samples {
            let svg = renderSVG(candles: candles, symbol: "FNET", interval: interval, width: 1000, height: 600)
            guard let f = fopen(dir + "/\(name).svg", "wb") else {
                Issue.record("cannot write \(dir)/\(name).svg")
                continue
            }
            _ = svg.utf8CString.withUnsafeBufferPointer { fputs($0.baseAddress!, f) }
            fclose(f)
        }
    }
}
