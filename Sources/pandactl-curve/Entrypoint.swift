import PandaCLI

@main
enum Entrypoint {
    static func main() { CurveProgram.main() }
}
