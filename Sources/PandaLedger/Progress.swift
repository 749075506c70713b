/// How far a long run (backup, restore, copy) has got, reported step by step to whoever called it; the
/// ledger never prints (the command line draws it on a terminal).
public struct LedgerProgress: Sendable, Equatable {
    /// What the run is doing: `copying` (pages through SQLite's backup API, or rows between engines),
    /// `checksumming`, `archiving`, `extracting` (bytes), `auditing` (journal entries replayed),
    /// `comparing` (rows of the copy checked against the original's).
    public var step: String
    /// What `done` and `total` count: `pages`, `rows`, `bytes` or `entries`.
    public var unit: String
    public var done: Int64
    /// How many there are in all, when known.
    public var total: Int64?

    public init(step: String, unit: String, done: Int64, total: Int64?) {
        self.step = step
        self.unit = unit
        self.done = done
        self.total = total
    }
}

/// Called as a long run advances: within one step `done` only grows, and each step ends with a call
/// whose `done` equals its `total` (when known).
public typealias ProgressHandler = (LedgerProgress) -> Void

/// Reports one step's progress to `handler` (nothing when there is none).
func report(_ handler: ProgressHandler?, _ step: String, _ unit: String, _ done: Int64, of total: Int64?) {
    handler?(LedgerProgress(step: step, unit: unit, done: done, total: total))
}
