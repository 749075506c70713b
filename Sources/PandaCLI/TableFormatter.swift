import PandaCore

/// `--format table`: records as aligned columns, one table per run of records of the same type.
enum TableFormatter {
    static func render(_ records: [JSONObject]) -> String {
        var out = ""
        var i = 0
        while i < records.count {
            let type = records[i]["type"]
            var j = i
            while j < records.count, records[j]["type"] == type { j += 1 }
            if !out.isEmpty { out += "\n" }
            out += renderGroup(Array(records[i..<j]))
            i = j
        }
        return out
    }

    static func cell(_ v: JSONValue?) -> String {
        switch v {
        case nil, .null?: return ""
        case .string(let s)?: return Text.escaped(s)
        case .number(let n)?: return n.text
        case .bool(let b)?: return b ? "true" : "false"
        case let other?: return Text.escaped(JSONWriter.string(other))
        }
    }

    private static func renderGroup(_ records: [JSONObject]) -> String {
        var columns: [String] = []
        for r in records { for k in r.keys where k != "type" && !columns.contains(k) { columns.append(k) } }
        let rows = records.map { r in columns.map { cell(r[$0]) } }
        var widths = columns.map { Text.escaped($0).count }
        for row in rows { for (c, v) in row.enumerated() { widths[c] = max(widths[c], v.count) } }
        func line(_ cells: [String]) -> String {
            var s = ""
            for (c, v) in cells.enumerated() {
                s += v
                if c < cells.count - 1 { s += String(repeating: " ", count: widths[c] - v.count + 2) }
            }
            while s.last == " " { s.removeLast() }
            return s + "\n"
        }
        return line(columns.map { Text.escaped($0).uppercased() }) + rows.map(line).joined()
    }
}
