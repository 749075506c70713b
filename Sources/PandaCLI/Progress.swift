import PandaCore

/// Progress of a long run (audit, backup, restore) on stderr when stderr is a terminal: what is done, the
/// rate and the time left, redrawn at most twice a second on one line; nothing at all when piped.
final class ProgressMeter {
    private let program: String
    private let unit: String
    private let enabled: Bool
    private let start = Timestamp.now()
    private var lastDraw: Int64 = 0
    private var drawn = false

    init(program: String, unit: String, enabled: Bool = Environment.isTerminal(2)) {
        self.program = program
        self.unit = unit
        self.enabled = enabled
    }

    /// `done` of `total` (when known).
    func update(_ done: Int64, of total: Int64?) {
        guard enabled else { return }
        let now = Timestamp.now().milliseconds
        guard now - lastDraw >= 500 || (total != nil && done >= total!) else { return }
        lastDraw = now
        drawn = true
        Environment.printError("\r\u{1B}[K" + Self.line(program: program, unit: unit, done: done, total: total, elapsedMs: now - start.milliseconds), newline: false)
    }

    /// Clears the progress line.
    func finish() {
        guard enabled, drawn else { return }
        Environment.printError("\r\u{1B}[K", newline: false)
    }

    /// "pandactl audit: 120,000 of 1,000,000 entries (12%), 85,000/s, 10 s left".
    static func line(program: String, unit: String, done: Int64, total: Int64?, elapsedMs: Int64) -> String {
        let rate = elapsedMs > 0 ? Double(done) * 1000 / Double(elapsedMs) : 0
        var s = "\(program): \(grouped(done))"
        if let total, total > 0 {
            s += " of \(grouped(total)) \(unit) (\(done * 100 / total)%)"
        } else {
            s += " \(unit)"
        }
        if rate > 0 { s += ", \(grouped(Int64(rate)))/s" }
        if let total, rate > 0, done < total { s += ", \(Int64((Double(total - done) / rate).rounded(.up))) s left" }
        return s
    }

    static func grouped(_ n: Int64) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
