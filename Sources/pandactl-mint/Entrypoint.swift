import PandaCLI

@main
enum Entrypoint {
    static func main() { MintProgram.main() }
}
