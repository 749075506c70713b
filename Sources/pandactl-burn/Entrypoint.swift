import PandaCLI

@main
enum Entrypoint {
    static func main() { BurnProgram.main() }
}
