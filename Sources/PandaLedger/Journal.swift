import PandaCore
import PandaCrypto

/// One row of the append-only journal: the canonical request, its result, and the hash chain link
/// `hash = keccak256(prev_hash ‖ entry)` where `entry` is the canonical JSON of the row's fields.
public struct JournalEntry: Sendable, Equatable {
    public var seq: Int64
    public var ts: Timestamp
    public var op: String
    /// The authenticated sender.
    public var sender: String
    /// Canonical JSON of the request (sorted keys, no whitespace), signature included.
    public var request: String
    /// Canonical JSON of the result fields.
    public var result: String
    public var prevHash: String
    public var hash: String

    /// The hash of the entry before the first one.
    public static let genesisHash = "0x" + String(repeating: "0", count: 64)

    /// The bytes the chain hashes after the previous hash: canonical JSON of the entry's fields.
    public static func entryBytes(seq: Int64, ts: Timestamp, op: String, sender: String, request: String, result: String) -> [UInt8] {
        var out: [UInt8] = []
        appendEntry(into: &out, seq: seq, ts: ts, op: op, sender: sender, request: request, result: result)
        return out
    }

    /// Appends the canonical entry bytes to `out` (no intermediate arrays).
    static func appendEntry(into out: inout [UInt8], seq: Int64, ts: Timestamp, op: String, sender: String, request: String, result: String) {
        out.reserveCapacity(out.count + request.utf8.count + result.utf8.count + 160)
        out.append(contentsOf: #"{"op":"#.utf8)
        JSONWriter.writeString(op, into: &out)
        out.append(contentsOf: #","request":"#.utf8)
        out.append(contentsOf: request.utf8)
        out.append(contentsOf: #","result":"#.utf8)
        out.append(contentsOf: result.utf8)
        out.append(contentsOf: #","sender":"#.utf8)
        JSONWriter.writeString(sender, into: &out)
        out.append(contentsOf: #","seq":"#.utf8)
        out.append(contentsOf: String(seq).utf8)
        out.append(contentsOf: #","ts":""#.utf8)
        out.append(contentsOf: ts.rfc3339.utf8)
        out.append(contentsOf: #""}"#.utf8)
    }

    /// The chain hash of an entry as raw bytes: keccak256(prev ‖ entry), built in one buffer.
    static func chainHashBytes(prev: [UInt8], seq: Int64, ts: Timestamp, op: String, sender: String, request: String, result: String) -> [UInt8] {
        var buffer = prev
        appendEntry(into: &buffer, seq: seq, ts: ts, op: op, sender: sender, request: request, result: result)
        return Keccak256.hash(buffer)
    }

    public static func chainHash(prevHash: String, entry: [UInt8]) -> String {
        chainHash(prevHash: [UInt8](hex: prevHash) ?? [], entry: entry)
    }

    /// `keccak256(prev ‖ entry)` as `0x` hex, hashing both without concatenating copies.
    static func chainHash(prevHash prev: [UInt8], entry: [UInt8]) -> String {
        var joined = prev
        joined.append(contentsOf: entry)
        return "0x" + Keccak256.hash(joined).hexString
    }

    /// The hash this entry should have given its previous hash and fields.
    public var expectedHash: String {
        JournalEntry.chainHash(prevHash: prevHash, entry: JournalEntry.entryBytes(seq: seq, ts: ts, op: op, sender: sender, request: request, result: result))
    }

    /// The entry as a `journal` record for `pandactl log`.
    public var record: JSONObject {
        var o = JSONObject()
        o.appendUnique("type", "entry")
        o.appendUnique("seq", .number(JSONNumber(seq)))
        o.appendUnique("ts", .string(ts.rfc3339))
        o.appendUnique("op", .string(op))
        o.appendUnique("sender", .string(sender))
        o.appendUnique("request", (try? JSONParser.parse(request)) ?? .string(request))
        o.appendUnique("result", (try? JSONParser.parse(result)) ?? .string(result))
        o.appendUnique("prev_hash", .string(prevHash))
        o.appendUnique("hash", .string(hash))
        return o
    }
}
