// A self-contained SVG candlestick chart: candles with wicks (green up, red down), volume bars below,
// a UTC time axis with ticks at round times, a price axis with round ticks (exact decimal labels), and a
// title. Positions use Double; labels are exact (`Amount` formatting of integer ticks).
import PandaCore

/// Renders `candles` (in time order) as an SVG document. Handles no candles, one candle and flat prices.
public func renderSVG(candles: [Candle], symbol: String, interval: CandleInterval, width: Int = 1000, height: Int = 600) -> String {
    CandleChart(candles: candles, symbol: symbol, interval: interval, width: max(width, 240), height: max(height, 160)).render()
}

struct CandleChart {
    let candles: [Candle]
    let symbol: String
    let interval: CandleInterval
    let width: Int
    let height: Int

    // Layout.
    var left: Double { 16 }
    var right: Double { Double(width) - 96 }
    var top: Double { 44 }
    var bottom: Double { Double(height) - 36 }
    var priceBottom: Double { top + (bottom - top) * 0.74 }
    var volumeTop: Double { priceBottom + 14 }

    static let up = "#16a34a", down = "#dc2626", grid = "#e5e7eb", axis = "#6b7280", text = "#111827"

    func render() -> String {
        var s = ""
        s += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" "
        s += "font-family=\"system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        var title = "\(symbol) · \(interval.rawValue) · UTC"
        if let first = candles.first, let last = candles.last {
            title += " · \(day(first.openTime)) – \(day(last.openTime))"
        }
        s += "<text x=\"\(f(left))\" y=\"24\" font-size=\"16\" font-weight=\"600\" fill=\"\(Self.text)\">\(escapeXML(title))</text>\n"
        if let last = candles.last {
            let color = last.close >= last.open ? Self.up : Self.down
            let summary = "O \(price(last.open))  H \(price(last.high))  L \(price(last.low))  C \(price(last.close))  V \(last.volume)"
            s += "<text x=\"\(f(right))\" y=\"24\" text-anchor=\"end\" fill=\"\(color)\">\(escapeXML(summary))</text>\n"
        }
        // Frames of the two panes.
        s += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(right - left))\" height=\"\(f(priceBottom - top))\" fill=\"none\" stroke=\"\(Self.grid)\"/>\n"
        s += "<rect x=\"\(f(left))\" y=\"\(f(volumeTop))\" width=\"\(f(right - left))\" height=\"\(f(bottom - volumeTop))\" fill=\"none\" stroke=\"\(Self.grid)\"/>\n"
        guard !candles.isEmpty else {
            s += "<text x=\"\(f((left + right) / 2))\" y=\"\(f((top + priceBottom) / 2))\" text-anchor=\"middle\" fill=\"\(Self.axis)\">no trades</text>\n"
            return s + "</svg>\n"
        }
        s += priceAxis()
        s += timeAxis()
        s += bodies()
        return s + "</svg>\n"
    }

    // MARK: - Scales

    /// Price range with a margin; never empty.
    var priceRange: (lo: Int128, hi: Int128) {
        var lo = candles.map(\.low).min()!, hi = candles.map(\.high).max()!
        let pad = max((hi - lo) / 20, max(hi / 100, 1))
        lo = max(0, lo - pad)
        hi += pad
        return (lo, hi)
    }

    var timeRange: (t0: Int64, t1: Int64) {
        (candles.first!.openTime, candles.last!.openTime + interval.milliseconds)
    }

    func x(_ ms: Int64) -> Double {
        let (t0, t1) = timeRange
        return left + 8 + Double(ms - t0) / Double(t1 - t0) * (right - left - 16)
    }

    func y(_ p: Int128) -> Double {
        let (lo, hi) = priceRange
        return priceBottom - 6 - Double(p - lo) / Double(hi - lo) * (priceBottom - top - 12)
    }

    var maxVolume: Int64 { max(candles.map(\.volume).max() ?? 0, 1) }

    func vy(_ v: Int64) -> Double { bottom - Double(v) / Double(maxVolume) * (bottom - volumeTop - 6) }

    // MARK: - Parts

    func bodies() -> String {
        var s = "<g stroke-width=\"1\">\n"
        let slot = Double(interval.milliseconds) / Double(timeRange.t1 - timeRange.t0) * (right - left - 16)
        let bodyWidth = max(1, min(slot * 0.7, 40))
        for c in candles {
            let color = c.filled ? Self.axis : (c.close >= c.open ? Self.up : Self.down)
            let cx = x(c.openTime) + slot / 2
            let yo = y(c.open), yc = y(c.close)
            let top = min(yo, yc), h = max(abs(yo - yc), 1)
            s += "<line x1=\"\(f(cx))\" y1=\"\(f(y(c.high)))\" x2=\"\(f(cx))\" y2=\"\(f(y(c.low)))\" stroke=\"\(color)\"/>"
            s += "<rect x=\"\(f(cx - bodyWidth / 2))\" y=\"\(f(top))\" width=\"\(f(bodyWidth))\" height=\"\(f(h))\" fill=\"\(color)\" stroke=\"\(color)\"/>"
            if c.volume > 0 {
                let vy0 = vy(c.volume)
                s += "<rect x=\"\(f(cx - bodyWidth / 2))\" y=\"\(f(vy0))\" width=\"\(f(bodyWidth))\" height=\"\(f(max(bottom - vy0, 1)))\" fill=\"\(color)\" fill-opacity=\"0.45\"/>"
            }
            s += "\n"
        }
        return s + "</g>\n"
    }

    func priceAxis() -> String {
        let (lo, hi) = priceRange
        let step = niceStep(hi - lo, target: max(2, Int((priceBottom - top) / 50)))
        var s = "<g fill=\"\(Self.axis)\">\n"
        var p = (lo + step - 1) / step * step
        while p <= hi {
            let yy = y(p)
            s += "<line x1=\"\(f(left))\" y1=\"\(f(yy))\" x2=\"\(f(right))\" y2=\"\(f(yy))\" stroke=\"\(Self.grid)\"/>"
            s += "<text x=\"\(f(right + 6))\" y=\"\(f(yy + 4))\">\(escapeXML(price(p)))</text>\n"
            p += step
        }
        // Volume scale: its maximum.
        s += "<text x=\"\(f(right + 6))\" y=\"\(f(volumeTop + 10))\">\(maxVolume)</text>"
        s += "<text x=\"\(f(right + 6))\" y=\"\(f(volumeTop + 24))\" font-size=\"10\">volume</text>\n"
        return s + "</g>\n"
    }

    /// Time ticks at round UTC times, at least ~110 px apart.
    func timeAxis() -> String {
        let (t0, t1) = timeRange
        let minute: Int64 = 60_000, hour = 60 * minute, dayMs = 24 * hour
        let steps: [Int64] = [minute, 2 * minute, 5 * minute, 10 * minute, 15 * minute, 30 * minute, hour, 2 * hour, 3 * hour,
                              6 * hour, 12 * hour, dayMs, 2 * dayMs, 7 * dayMs, 14 * dayMs, 28 * dayMs, 91 * dayMs, 182 * dayMs, 364 * dayMs]
        let pxPerMs = (right - left - 16) / Double(t1 - t0)
        var step = steps.last!
        for st in steps where Double(st) * pxPerMs >= 110 { step = st; break }
        while Double(step) * pxPerMs < 110 { step *= 2 }
        // Weekly and longer ticks fall on Mondays, like the weekly candles.
        let origin: Int64 = step >= 7 * dayMs ? 4 * dayMs : 0
        var t = t0 - origin
        t = (t / step + (t % step > 0 ? 1 : 0)) * step + origin
        var s = "<g fill=\"\(Self.axis)\" text-anchor=\"middle\">\n"
        var lastDay = ""
        while t <= t1 {
            let xx = x(t)
            let iso = Timestamp(milliseconds: t).rfc3339  // YYYY-MM-DDTHH:MM:SS.sssZ
            let date = String(iso.prefix(10)), clock = String(iso.dropFirst(11).prefix(5))
            let label: String
            if step >= dayMs {
                label = date
            } else if date != lastDay {
                label = "\(date.dropFirst(5)) \(clock)"
            } else {
                label = clock
            }
            s += "<line x1=\"\(f(xx))\" y1=\"\(f(top))\" x2=\"\(f(xx))\" y2=\"\(f(bottom))\" stroke=\"\(Self.grid)\"/>"
            // A label too close to the left edge would be cut off: keep the grid line only.
            if xx - Double(label.utf8.count) * 3.5 >= 0 {
                lastDay = date
                s += "<text x=\"\(f(xx))\" y=\"\(f(bottom + 18))\">\(escapeXML(label))</text>"
            }
            s += "\n"
            t += step
        }
        return s + "</g>\n"
    }

    // MARK: - Formatting

    func price(_ u: Int128) -> String { Amount.format(units: u, decimals: Amount.decimals) }

    func day(_ ms: Int64) -> String { String(Timestamp(milliseconds: ms).rfc3339.prefix(10)) }

    /// Two decimals are plenty for coordinates.
    func f(_ v: Double) -> String {
        let r = (v * 100).rounded()
        guard r.isFinite, abs(r) < 1e15 else { return "0" }
        let i = Int64(r)
        let neg = i < 0
        let m = neg ? -i : i
        let frac = m % 100
        var s = (neg ? "-" : "") + String(m / 100)
        if frac != 0 { s += frac % 10 == 0 ? ".\(frac / 10)" : (frac < 10 ? ".0\(frac)" : ".\(frac)") }
        return s
    }
}

/// A round step (1, 2 or 5 × 10^k base units) giving about `target` ticks over `range` (> 0).
func niceStep(_ range: Int128, target: Int) -> Int128 {
    let raw = max(range / Int128(max(target, 1)), 1)
    var p: Int128 = 1
    while p <= raw / 10 { p *= 10 }
    for m in [1, 2, 5, 10] as [Int128] where p * m >= raw { return p * m }
    return p * 10
}

/// Escapes text for XML content and attribute values.
func escapeXML(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for c in s.unicodeScalars {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        default:
            // Control characters other than tab/newline are not allowed in XML 1.0.
            if c.value < 0x20 && c != "\t" && c != "\n" { out += "\u{FFFD}" } else { out.unicodeScalars.append(c) }
        }
    }
    return out
}
