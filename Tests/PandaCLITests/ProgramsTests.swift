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

/// pandactl(7) lists exactly the record types the readers skip by (`RecordTypes`, kept in one place).
@Test func manualListsTheRecordTypes() throws {
    var root = Substring(#filePath)
    for _ in 0..<3 { root = root[..<(root.lastIndex(of: "/") ?? root.startIndex)] }
    let page = try #require(readText(String(root) + "/docs/pandactl.7"))
    let section = page.split(separator: ".Sh RECORD TYPES", maxSplits: 1).last?.split(separator: ".El", maxSplits: 1).first ?? ""
    let listed = section.split(separator: "\n").filter { $0.hasPrefix(".It ") }.map { String($0.dropFirst(4)) }
    #expect(listed == RecordTypes.all.map(\.type))
}

/// The invocation's rewrites: the verb moved first, `-` as `--input -` where the command takes no `-`,
/// and an unknown option named before ArgumentParser reads its value as a stray argument.
@Test func invocationPutsTheVerbFirst() {
    func args(_ o: Invocation.Outcome) -> [String]? {
        if case .parsed = o { return [] }
        if case .run(let a) = o { return a }
        return nil
    }
    if case .usageError(let message, let verb) = Invocation.normalize(CurveCommand.self, ["buy", "--bogus", "1"]) {
        #expect(message == "unknown option '--bogus'" && verb == "buy")
    } else {
        Issue.record("'buy --bogus 1' was not a usage error naming --bogus")
    }
    guard case .parsed(let moved) = Invocation.normalize(TrainCommand.self, ["--ledger", "x.db", "versions", "--symbol", "S"]) else {
        Issue.record("flags before the verb were not parsed"); return
    }
    #expect(moved is TrainCommand.Versions)
    guard case .parsed(let root) = Invocation.normalize(CurveCommand.self, ["--ledger", "x.db", "-"]), let curve = root as? CurveCommand else {
        Issue.record("'--ledger x.db -' was not parsed as the root reading stdin"); return
    }
    #expect(curve.common.stream.input == "-")
}
