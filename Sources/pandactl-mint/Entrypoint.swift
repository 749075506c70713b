import PandaCLI

@main
enum Entrypoint {
    static func main() { MintCommand.main() }
}
