import PandaCLI

@main
enum Entrypoint {
    static func main() { IndexCommand.main() }
}
