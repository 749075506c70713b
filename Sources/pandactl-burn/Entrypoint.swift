import PandaCLI

@main
enum Entrypoint {
    static func main() { BurnCommand.main() }
}
