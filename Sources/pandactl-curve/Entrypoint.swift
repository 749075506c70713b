import PandaCLI

@main
enum Entrypoint {
    static func main() { CurveCommand.main() }
}
