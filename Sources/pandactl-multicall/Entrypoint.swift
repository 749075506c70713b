// The multicall binary of the Jetson build (scripts/jetson.mk): one static executable installed as
// `pandactl`, with the other programs as links to it. It runs the program named by the basename of
// argv[0]; called by its own name (`pandactl-multicall pandactl-curve --help`), argv[1] names it.
// Built only when PANDACTL_MULTICALL is set (see Package.swift); the host build keeps separate executables.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PandaCLI
import PandaCore

@main
enum Entrypoint {
    static let selfName = "pandactl-multicall"

    static func main() {
        var arguments = CommandLine.arguments
        var name = basename(arguments.isEmpty ? "pandactl" : arguments.removeFirst())
        if name == selfName {
            switch arguments.first {
            case "--help", "-h":
                print(usage)
                exit(0)
            case "--version":
                print("\(selfName) \(PandaVersion.string)")
                exit(0)
            case let program? where !program.hasPrefix("-"):
                name = basename(program)
                arguments.removeFirst()
            default:
                Environment.printError(usage)
                exit(ExitStatus.usage.rawValue)
            }
        }
        Programs.main(name: name, arguments: arguments)
    }

    static func basename(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    static var usage: String {
        var text = "usage: \(selfName) PROGRAM [ARGUMENTS...], or run it under a program's name (a link).\n"
        text += "Every pandactl program (\(PandaVersion.string)) in one binary:\n"
        text += Programs.all.map { "  \($0.name)  \($0.abstract)" }.joined(separator: "\n")
        return text
    }
}
