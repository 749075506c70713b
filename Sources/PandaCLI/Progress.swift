import PandaCore
import PandaLedger

/// Progress of a long run (audit, backup, restore, copy) on stderr when stderr is a terminal: what is done,
/// the rate and the time left, redrawn at most twice a second on one line; nothing at all when piped.
final class ProgressMeter {
    private let program: String
    private let unit: String
    private let enabled: Bool
    private var start = Timestamp.now().milliseconds
    private var step: String?
    private var lastDraw: Int64 = 0
    private var drawn = false

    init(program: String, unit: String = "", enabled: Bool = Environment.isTerminal(2)) {
        self.program = program
        self.unit = unit
        self.enabled = enabled
    }

    /// `done` of `total` (when known).
    func update(_ done: Int64, of total: Int64?) {
        draw(step: nil, unit: unit, done: done, total: total)
    }

    /// A step of a ledger's long run: a new step is drawn at once, its rate and time left its own.
    func update(_ p: LedgerProgress) {
        guard enabled else { return }
        if p.step != step {
            step = p.step
            start = Timestamp.now().milliseconds
            lastDraw = 0
        }
        draw(step: p.step, unit: p.unit, done: p.done, total: p.total)
    }

    private func draw(step: String?, unit: String, done: Int64, total: Int64?) {
        guard enabled else { return }
        let now = Timestamp.now().milliseconds
        guard now - lastDraw >= 500 || (total != nil && done >= total!) else { return }
        lastDraw = now
        drawn = true
        Environment.printError("\r\u{1B}[K" + Self.line(program: program, step: step, unit: unit, done: done, total: total, elapsedMs: now - start), newline: false)
    }

    /// Clears the progress line.
    func finish() {
        guard enabled, drawn else { return }
        drawn = false
        Environment.printError("\r\u{1B}[K", newline: false)
    }

    /// "pandactl audit: 120,000 of 1,000,000 entries (12%), 85,000/s, 10 s left"; with a step,
    /// "pandactl backup: archiving 4,194,304 of 52,428,800 bytes (8%), 20,971,520/s, 3 s left".
    static func line(program: String, step: String? = nil, unit: String, done: Int64, total: Int64?, elapsedMs: Int64) -> String {
        // No rate (nor time left) from the first instants of a step: a step done in a millisecond has no meaningful rate.
        let rate = elapsedMs >= 200 ? Double(done) * 1000 / Double(elapsedMs) : 0
        var s = "\(program): " + (step.map { $0 + " " } ?? "") + grouped(done)
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
