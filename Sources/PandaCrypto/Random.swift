#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Cryptographically secure random bytes from the kernel.
public enum SecureRandom {
    /// `n` random bytes from `getrandom(2)` (through `getentropy`, which blocks until the kernel's
    /// pool is initialized), or from `/dev/urandom` on kernels without it. Never returns weak bytes:
    /// if neither source works the program stops with a message.
    public static func bytes(_ n: Int) -> [UInt8] {
        precondition(n >= 0, "SecureRandom.bytes: negative count")
        var out = [UInt8](repeating: 0, count: n)
        if n == 0 { return out }
        out.withUnsafeMutableBytes { raw in
            let base = raw.baseAddress!
            var offset = 0
            while offset < n {
                let chunk = min(256, n - offset)  // getentropy's limit per call
                if getentropy(base + offset, chunk) != 0 {
                    let err = errno
                    guard err == ENOSYS else {
                        fatalError("SecureRandom: getentropy failed (errno \(err)); refusing to continue without random bytes")
                    }
                    readURandom(base + offset, n - offset)
                    return
                }
                offset += chunk
            }
        }
        return out
    }

    private static func readURandom(_ p: UnsafeMutableRawPointer, _ count: Int) {
        let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            fatalError("SecureRandom: no getrandom(2) and /dev/urandom cannot be opened (errno \(errno))")
        }
        defer { close(fd) }
        var done = 0
        while done < count {
            let r = read(fd, p + done, count - done)
            if r < 0 && errno == EINTR { continue }
            guard r > 0 else {
                fatalError("SecureRandom: reading /dev/urandom failed (errno \(errno))")
            }
            done += r
        }
    }
}
