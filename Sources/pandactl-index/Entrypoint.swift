import PandaCLI

@main
enum Entrypoint {
    static func main() { IndexProgram.main() }
}
