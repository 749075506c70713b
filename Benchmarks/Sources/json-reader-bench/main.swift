// json-reader-bench: reads JSON lines (a file path argument, or stdin) with LineReader, parses every
// line fully with JSONParser, counts records per "type", and prints one JSON line:
// {"bytes":…,"lines":…,"seconds":…,"mb_per_s":…,"types":{…},"errors":…}  (MB = 10^6 bytes).
import PandaCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

func fail(_ message: String, _ code: Int32) -> Never {
    let err = OutputWriter(fd: 2)
    err.write("json-reader-bench: \(message)\n")
    try? err.flush()
    exit(code)
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

let arguments = CommandLine.arguments.dropFirst()
var fd: Int32 = 0
if let path = arguments.first, path != "-" {
    fd = open(path, O_RDONLY)
    if fd < 0 { fail("cannot open '\(path)': \(String(cString: strerror(errno)))", 66) }
}

let reader = LineReader(fd: fd)
var bytes = 0
var lines = 0
var errors = 0
var types: [String: Int] = [:]
let started = now()
do {
    while let line = try reader.next() {
        lines += 1
        bytes += line.bytes.count + 1
        if line.tooLong {
            errors += 1
            continue
        }
        if line.bytes.isEmpty { continue }
        do throws(JSONParseError) {
            let value = try JSONParser.parse(line.bytes)
            if case .object(let object) = value, case .string(let type)? = object["type"] {
                types[type, default: 0] += 1
            }
        } catch {
            errors += 1
            if errors <= 5 {
                let err = OutputWriter(fd: 2)
                err.write("json-reader-bench: line \(line.number): \(error.message)\n")
                try? err.flush()
            }
        }
    }
} catch {
    fail(error.message, 74)
}
let seconds = now() - started

var summary = JSONObject()
summary["bytes"] = .number(JSONNumber(bytes))
summary["lines"] = .number(JSONNumber(lines))
summary["seconds"] = .number(JSONNumber((seconds * 1e6).rounded() / 1e6)!)
summary["mb_per_s"] = .number(JSONNumber((Double(bytes) / 1e6 / seconds * 10).rounded() / 10)!)
summary["types"] = .object(JSONObject(types.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.number(JSONNumber($0.value))) }))
summary["errors"] = .number(JSONNumber(errors))
let out = OutputWriter(fd: 1)
out.write(JSONWriter.string(.object(summary)) + "\n")
do { try out.flush() } catch { fail(error.message, 74) }
exit(errors == 0 ? 0 : 1)
