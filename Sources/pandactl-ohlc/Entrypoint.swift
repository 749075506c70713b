import PandaCLI

@main
enum Entrypoint {
    static func main() { OHLCProgram.main() }
}
