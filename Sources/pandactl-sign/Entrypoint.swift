import PandaCLI

@main
enum Entrypoint {
    static func main() { SignCommand.main() }
}
