import PandaCLI

@main
enum Entrypoint {
    static func main() { SignProgram.main() }
}
