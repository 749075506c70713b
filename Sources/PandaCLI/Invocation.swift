#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ArgumentParser
import PandaCore

/// DESIGN §8 "Invocation", once for every program: `PROG [flags] [verb] [flags] [-]`. Every program's
/// entry point goes through `Invocation.main`, which puts the arguments in the order ArgumentParser
/// parses (the verb first), turns a free `-` into `--input -` where the command takes no `-`, answers
/// `--version`, and names an unknown option in its usage error — so no program can differ.
public enum Invocation {
    /// Runs `command` (a program's root command) on `arguments` (without the program name).
    public static func main(_ command: any ParsableCommand.Type, arguments: [String]? = nil) -> Never {
        let args = arguments ?? Array(CommandLine.arguments.dropFirst())
        if args == ["--version"] {
            print(PandaVersion.string)
            exit(0)
        }
        switch normalize(command, args) {
        case .parsed(var parsed):
            do { try parsed.run() } catch { command.exit(withError: error) }
            exit(0)
        case .run(let given):
            command.main(given)
            exit(0)
        case .usageError(let message, let verb):
            usageError(command, message: message, verb: verb)
        }
    }

    enum Outcome {
        /// Parsed, ready to run (parsing once: ArgumentParser's parse is most of a query's start-up).
        case parsed(any ParsableCommand)
        /// For ArgumentParser to parse and answer (help, or its own error message).
        case run([String])
        case usageError(String, verb: String?)
    }

    /// The arguments ArgumentParser should see. Arguments it parses as they are run as they are; otherwise
    /// the verb is moved before the flags and a free `-` becomes `--input -`, whichever of these parses
    /// (ArgumentParser itself decides, so the arity of every option is its own). Only when none does are
    /// the command's declarations read, to name an unknown option.
    static func normalize(_ command: any ParsableCommand.Type, _ args: [String]) -> Outcome {
        let verbs = Set(command.configuration.subcommands.map { $0._commandName })
        // A verb after flags goes first: tried before the arguments as given, which ArgumentParser may
        // take with the flags dropped (a default verb's parse of another verb's flags).
        var candidates: [[String]] = []
        for (i, a) in args.enumerated() where i > 0 && verbs.contains(a) && !args[..<i].contains(where: { verbs.contains($0) }) {
            var moved = args
            moved.remove(at: i)
            moved.insert(a, at: 0)
            candidates.append(moved)
        }
        candidates.append(args)
        if args.contains("-") {
            candidates += candidates.map { c in c.flatMap { $0 == "-" ? ["--input", "-"] : [$0] } }
        }
        for c in candidates { if let parsed = parse(command, c) { return parsed } }
        return CommandTree(command).diagnose(args)
    }

    /// The parsed command when ArgumentParser takes the arguments; `.run` when it answers them itself
    /// (`--help`); nil when it refuses them.
    static func parse(_ command: any ParsableCommand.Type, _ args: [String]) -> Outcome? {
        do {
            return .parsed(try command.parseAsRoot(args))
        } catch {
            return command.exitCode(for: error) == .success ? .run(args) : nil
        }
    }

    static func usageError(_ command: any ParsableCommand.Type, message: String, verb: String?) -> Never {
        let name = command._commandName
        let sub = verb.flatMap { v in command.configuration.subcommands.first { $0._commandName == v } }
        let usage = sub.map { command.usageString(for: $0) } ?? command.usageString(for: command)
        Environment.printError("Error: \(message)\nUsage: \(usage)\n  See '\(name)\(verb.map { " " + $0 } ?? "") --help' for more information.")
        exit(ExitStatus.usage.rawValue)
    }
}

/// What the arguments of a command and its verbs look like, read from ArgumentParser's own description
/// of them (the JSON behind `--experimental-dump-help`): which options take a value, which are flags,
/// which commands take a positional `-`.
struct CommandTree {
    struct Node {
        var valueOptions: Set<String> = []
        var flags: Set<String> = []
        var takesPositional = false
        var known: Set<String> { valueOptions.union(flags) }
    }

    var root = Node()
    var verbs: [String: Node] = [:]
    var defaultVerb: String?

    init(_ command: any ParsableCommand.Type) {
        guard let info = try? JSONParser.parse(command._dumpHelp()).objectValue?["command"]?.objectValue else { return }
        root = CommandTree.node(info)
        defaultVerb = command.configuration.defaultSubcommand?._commandName
        for case .object(let sub) in info["subcommands"]?.arrayValue ?? [] {
            if let name = sub["commandName"]?.stringValue { verbs[name] = CommandTree.node(sub) }
        }
    }

    static func node(_ info: JSONObject) -> Node {
        var n = Node()
        for case .object(let a) in info["arguments"]?.arrayValue ?? [] {
            let kind = a["kind"]?.stringValue
            if kind == "positional" { n.takesPositional = true; continue }
            for case .object(let nm) in a["names"]?.arrayValue ?? [] {
                guard let name = nm["name"]?.stringValue else { continue }
                let spelled = nm["kind"]?.stringValue == "short" ? "-" + name : "--" + name
                if kind == "option" { n.valueOptions.insert(spelled) } else { n.flags.insert(spelled) }
            }
        }
        return n
    }

    /// Every option spelling that takes a value, in the command or any verb (flags before the verb are
    /// read with these arities).
    var allValueOptions: Set<String> { verbs.values.reduce(root.valueOptions) { $0.union($1.valueOptions) } }

    /// For arguments that parse in no order: an unknown option named in a usage error (ArgumentParser
    /// may otherwise report the option's value as an unexpected argument), else the arguments as given,
    /// for ArgumentParser's own message.
    func diagnose(_ args: [String]) -> Invocation.Outcome {
        let valueOptions = allValueOptions
        var verb: String?
        var i = 0
        while i < args.count {
            let a = args[i]
            if a == "--" { break }
            if a.hasPrefix("-") && a != "-" {
                if !a.contains("="), valueOptions.contains(a) { i += 1 }
            } else if a != "-" {
                if verbs[a] != nil { verb = a }
                break
            }
            i += 1
        }
        var known = root.known.union(["--help", "-h"])
        if let verb, let node = verbs[verb] {
            known.formUnion(node.known)
        } else {
            for node in verbs.values { known.formUnion(node.known) }
        }
        var j = 0
        while j < args.count {
            let a = args[j]
            if a == "--" { break }
            if a.hasPrefix("-") && a != "-" {
                let name = a.split(separator: "=", maxSplits: 1).first.map(String.init) ?? a
                if !known.contains(name) { return .usageError("unknown option '\(name)'", verb: verb) }
                if !a.contains("="), valueOptions.contains(name) { j += 1 }
            }
            j += 1
        }
        return .run(args)
    }
}
