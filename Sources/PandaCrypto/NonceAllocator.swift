#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PandaCore

/// Nonces for requests signed outside the ledger — offline `pandactl-sign sign`, edge usage receipts
/// (DESIGN §3, "Nonces outside the ledger"). Each key has a small state file holding the next nonce
/// nobody has been given, `<state dir>/nonces/<address>.next`, updated under an exclusive `flock` on
/// `<address>.lock`. A process reserves a block of nonces at a time: it writes the block's end to the
/// state file (a new file renamed into place, synced) before it hands out any nonce of the block, so any
/// number of concurrent processes using one key never repeat a nonce, and neither does a process that
/// starts after a crash (the unused rest of a block is skipped; nonces need not be sequential).
///
/// Nonces never fall below the microsecond clock either, so a key whose state file is lost, or that
/// signed before the state file existed (earlier releases took nonces from the clock), keeps clear of the
/// nonces it used before.
public final class NonceAllocator {
    /// The directory of the state files.
    public let directory: String
    public let address: String
    /// Nonces reserved per visit to the state file.
    public let blockSize: UInt64
    private var nextNonce: UInt64 = 0
    private var blockEnd: UInt64 = 0

    /// An allocator for `address`'s nonces under `stateDirectory` (default: `defaultStateDirectory()`).
    public init(address: String, stateDirectory: String? = nil, blockSize: UInt64 = 256) throws(PandaError) {
        self.address = address
        let base: String
        if let stateDirectory { base = stateDirectory } else { base = try NonceAllocator.defaultStateDirectory() }
        self.directory = base + "/nonces"
        self.blockSize = max(1, blockSize)
    }

    /// `$XDG_STATE_HOME/pandactl`, else `~/.local/state/pandactl`.
    public static func defaultStateDirectory() throws(PandaError) -> String {
        if let xdg = Environment.get("XDG_STATE_HOME"), xdg.hasPrefix("/") { return xdg + "/pandactl" }
        guard let home = Environment.get("HOME"), !home.isEmpty else {
            throw PandaError(.io_error, "cannot keep nonce state: neither $XDG_STATE_HOME nor $HOME is set")
        }
        return home + "/.local/state/pandactl"
    }

    /// The state file of this key.
    public var stateFile: String { directory + "/" + address + ".next" }

    /// A nonce no other call, in this process or any other using this state directory, is ever given;
    /// at least `floor`.
    public func next(floor: UInt64 = 0) throws(PandaError) -> UInt64 {
        if nextNonce >= blockEnd || nextNonce < floor {
            try reserve(floor: floor)
        }
        let n = nextNonce
        nextNonce += 1
        return n
    }

    /// Takes the next block from the state file, under its lock.
    private func reserve(floor: UInt64) throws(PandaError) {
        try NonceAllocator.makeDirectories(directory)
        let lockPath = directory + "/" + address + ".lock"
        let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw NonceAllocator.ioError("cannot open nonce lock '\(lockPath)'") }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw NonceAllocator.ioError("cannot lock '\(lockPath)'") }
        }
        let stored = try readState()
        let start = max(stored, floor, NonceAllocator.clockMicroseconds())
        let (end, overflow) = start.addingReportingOverflow(blockSize)
        guard !overflow, end <= RequestSigning.maxNonce + 1 else {
            throw PandaError(.overflow, "the nonces of \(address) are exhausted (the largest is 2^53-1)")
        }
        try writeState(end)
        nextNonce = start
        blockEnd = end
    }

    private func readState() throws(PandaError) -> UInt64 {
        let fd = open(stateFile, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return 0 }
            throw NonceAllocator.ioError("cannot read nonce state '\(stateFile)'")
        }
        defer { close(fd) }
        var buf = [UInt8](repeating: 0, count: 64)
        var count = 0
        while count < buf.count {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0 { if errno == EINTR { continue }; throw NonceAllocator.ioError("cannot read nonce state '\(stateFile)'") }
            if n == 0 { break }
            count += n
        }
        var text = String(decoding: buf[0..<count], as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        guard let value = UInt64(text) else {
            // Guessing could hand out nonces that were given before: refuse instead.
            throw PandaError(.io_error, "nonce state '\(stateFile)' is not a number; it holds the next unused nonce of \(address) (write one above every nonce this key has signed with to go on)")
        }
        return value
    }

    /// Replaces the state file with `value`: a new file, synced, renamed over the old one, directory synced.
    private func writeState(_ value: UInt64) throws(PandaError) {
        let tmp = stateFile + ".tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw NonceAllocator.ioError("cannot write nonce state '\(tmp)'") }
        let bytes = Array((String(value) + "\n").utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + off, $0.count - off) }
            if n < 0 {
                if errno == EINTR { continue }
                let e = NonceAllocator.ioError("cannot write nonce state '\(tmp)'")
                close(fd)
                throw e
            }
            off += n
        }
        guard fsync(fd) == 0 else {
            let e = NonceAllocator.ioError("cannot sync nonce state '\(tmp)'")
            close(fd)
            throw e
        }
        close(fd)
        guard rename(tmp, stateFile) == 0 else { throw NonceAllocator.ioError("cannot replace nonce state '\(stateFile)'") }
        let dir = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 { _ = fsync(dir); close(dir) }
    }

    /// `mkdir -p` with mode 0700 for what it creates.
    static func makeDirectories(_ path: String) throws(PandaError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += "/" + part
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST {
                throw ioError("cannot create the nonce state directory '\(prefix)'")
            }
        }
    }

    static func clockMicroseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return UInt64(ts.tv_sec) * 1_000_000 + UInt64(ts.tv_nsec / 1000)
    }

    static func ioError(_ what: String) -> PandaError {
        PandaError(.io_error, "\(what): \(String(cString: strerror(errno)))")
    }
}
