import ArgumentParser
import PandaCore
import Testing

@testable import PandaCLI

/// The registry holds the ten programs, and each has committed man pages and completions that mention it.
@Test func registryListsTenPrograms() {
    #expect(Programs.all.map(\.name) == ["pandactl", "pandactl-curve", "pandactl-train", "pandactl-predict", "pandactl-orders",
                                         "pandactl-ohlc", "pandactl-index", "pandactl-mint", "pandactl-burn", "pandactl-sign"])
}

@Test(arguments: Programs.all.map(\.name))
func everyProgramHasManPageAndCompletions(name: String) throws {
    var root = Substring(#filePath)
    for _ in 0..<3 { root = root[..<(root.lastIndex(of: "/") ?? root.startIndex)] }
    for file in ["man/man1/\(name).1", "completions/bash/\(name)", "completions/zsh/_\(name)", "completions/fish/\(name).fish"] {
        let text = try #require(readText(String(root) + "/" + file), "missing \(file)")
        #expect(text.contains(name), "\(file) does not mention \(name)")
    }
}

@Test func helpCarriesExitStatusAndErrorCodes() {
    let help = PandactlCommand.helpMessage()
    for status in ExitStatus.allCases { #expect(help.contains("\(status.rawValue)"), "exit status \(status.rawValue) missing") }
    #expect(help.contains("insufficient_funds"))
    #expect(help.contains("EXAMPLES:"))
}

@Test func flagsBecomeDefaults() {
    let d = defaults(["to": "bob", "amount": nil, "memo": "x"])
    #expect(d.keys == ["to", "memo"])
}

@Test func tableFormatterAlignsColumns() {
    let out = TableFormatter.render([
        ["type": "account", "account": "alice", "panda": "5"],
        ["type": "account", "account": "bob", "panda": "12.5", "extra": true],
    ])
    #expect(out == "ACCOUNT  PANDA  EXTRA\nalice    5\nbob      12.5   true\n")
}

func readText(_ path: String) -> String? {
    guard let f = fopen(path, "r") else { return nil }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buf, 1, buf.count, f)
        if n <= 0 { break }
        bytes += buf[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}

#if canImport(Glibc)
import Glibc
#endif
