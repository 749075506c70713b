#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PandaCore
import Testing

@testable import PandaLedger

/// Streams write each entry's text and hash on a second thread (`Ledger.journalsInBackground`): the
/// journal, the receipts and the state must be those of the inline way, whatever the sequence of requests,
/// refusals (before and after writing rows, which replays the transaction), reads of the journal inside the
/// transaction, commits and rollbacks.
@Suite struct JournalPipelineTests {
    /// One step of a random session, applied the same way to both ledgers.
    enum Step {
        case request(JSONObject, Operation)
        case readJournal
        case readHead
        case commit
        case rollback
    }

    static func session(seed: UInt64, count: Int) -> [Step] {
        var rng = PropertyRng(seed: seed)
        let names = ["alice", "bob", "carol", "dave", "erin"]
        var steps: [Step] = []
        for _ in 0..<count {
            let roll = rng.int(100)
            let a = names[rng.int(names.count)], b = names[rng.int(names.count)]
            switch roll {
            case 0..<60:
                // Some of these are refused before writing (too much, to oneself).
                let amount = "\(rng.int(40)).\(rng.int(100))"
                steps.append(.request(["op": "transfer", "from": .string(a), "to": .string(b), "amount": .string(amount)], CoreOperations.transfer))
            case 60..<72:
                steps.append(.request(["op": "fund", "to": .string(a), "amount": .string("\(1 + rng.int(20))")], CoreOperations.fund))
            case 72..<78:
                // Refused after writing a row: the transaction is taken back to its start and replayed.
                steps.append(.request(["op": "write_then_refuse", "to": .string("new\(rng.int(1000))")], ReplayTests.writeThenRefuse))
            case 78..<81: steps.append(.readJournal)
            case 81..<84: steps.append(.readHead)
            case 84..<96: steps.append(.commit)
            default: steps.append(.rollback)
            }
        }
        steps.append(.commit)
        return steps
    }

    /// Runs the session; returns every receipt (tx filled in after its commit) and error, in order.
    static func run(_ steps: [Step], on l: Ledger) throws -> [String] {
        var out: [String] = []
        var pending: [JSONObject] = []
        let start = try Timestamp(rfc3339: "2026-01-01T00:00:00Z").map { $0.milliseconds } ?? 0
        var tick: Int64 = 0
        for step in steps {
            switch step {
            case .request(let object, let op):
                if !l.inWriteTransaction { try l.beginWrite() }
                tick += 1
                do {
                    pending.append(try l.apply(Request(object: object), operation: op, now: Timestamp(milliseconds: start + tick)))
                } catch {
                    pending.append(["error": .string(error.code.rawValue)])
                }
            case .readJournal:
                if !l.inWriteTransaction { try l.beginWrite() }
                var last = ""
                try l.journal(after: 0) { last = "\($0.seq) \($0.hash)" }
                pending.append(["journal": .string(last)])
            case .readHead:
                if !l.inWriteTransaction { try l.beginWrite() }
                let head = try l.journalHead()
                pending.append(["head": .string("\(head.seq) \(head.hash)")])
            case .commit:
                guard l.inWriteTransaction else { continue }
                try l.commit()
                for var r in pending {
                    if let seq = r["seq"]?.numberValue?.int64Value, r["tx"]?.stringValue == "" {
                        r["tx"] = .string(l.committedHash(seq: seq) ?? "missing")
                    }
                    out.append(JSONWriter.string(.object(r), sortedKeys: true))
                }
                pending.removeAll()
            case .rollback:
                l.rollback()
                pending.removeAll()
            }
        }
        return out
    }

    /// Each seed runs inline and in the background with batches of 1, 3 and 128 jobs: with small batches,
    /// the rows of finished entries are inserted between the requests of a transaction, before the
    /// refusals that replay it, the reads, the commits and the rollbacks.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func theJournalWrittenInTheBackgroundIsTheOneWrittenInline(seed: UInt64) throws {
        let steps = Self.session(seed: seed, count: 400)
        let epoch = Timestamp(milliseconds: 1_700_000_000_000)
        var results: [[String]] = []
        var journals: [[JournalEntry]] = []
        var states: [String] = []
        for (background, batch) in [(false, 128), (true, 1), (true, 3), (true, 128)] {
            let dir = TempDir()
            let (l, _) = try Ledger.create(path: dir.file("l.db"), auth: .open, admin: "admin", chainID: "test-chain", now: epoch)
            l.journalsInBackground = background
            l.journalBatchSize = batch
            results.append(try Self.run(steps, on: l))
            var entries: [JournalEntry] = []
            try l.journal { entries.append($0) }
            journals.append(entries)
            states.append(try snapshot(l))
            #expect(try l.audit().isEmpty)
        }
        #expect(journals[0].count > 50)
        for i in 1..<journals.count {
            #expect(journals[0] == journals[i])
            #expect(results[0] == results[i])
            #expect(states[0] == states[i])
            #expect(!results[i].contains { $0.contains("missing") })
        }
    }

    /// A journal row that cannot be inserted (here its seq is taken by a row put there behind the ledger's
    /// back) fails the commit, whether it was inserted between requests or at the commit, and nothing of
    /// the transaction remains.
    @Test func aJournalRowThatCannotBeInsertedFailsTheCommit() throws {
        let dir = TempDir()
        let l = try openLedger(dir)
        try apply(l, ["op": "fund", "to": "alice", "amount": "100"], op: CoreOperations.fund)
        let before = try snapshot(l)
        let head = try l.journalHead()
        l.journalsInBackground = true
        l.journalBatchSize = 1
        try l.beginWrite()
        try l.db.exec("INSERT INTO journal (seq, ts, op, sender, request, result, prev_hash, hash) VALUES (\(head.seq + 2), 0, 'x', 'x', '{}', '{}', 'x', 'x')")
        for i in 0..<4 {
            _ = try l.apply(Request(object: ["op": "transfer", "from": "alice", "to": "bob", "amount": .string("\(i + 1)")]), operation: CoreOperations.transfer)
            usleep(20_000)  // (the pipeline finishes the entry: the next request inserts its row)
        }
        #expect(throws: PandaError.self) { try l.commit() }
        #expect(!l.inWriteTransaction)
        #expect(try snapshot(l) == before)
        #expect(try l.journalHead() == head)
        #expect(try l.audit().isEmpty)
    }
}
