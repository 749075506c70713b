#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Process environment and terminal queries, without Foundation.
public enum Environment {
    public static func get(_ name: String) -> String? {
        guard let p = getenv(name) else { return nil }
        return String(cString: p)
    }

    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) != 0 }

    /// Writes a line to stderr (unbuffered); without `newline`, text that the next write overwrites after a `\r`.
    public static func printError(_ line: String, newline: Bool = true) {
        var bytes = Array(line.utf8)
        if newline { bytes.append(0x0A) }
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { write(2, $0.baseAddress! + off, $0.count - off) }
            if n < 0 { if errno == EINTR { continue }; return }
            off += n
        }
    }
}
