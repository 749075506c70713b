import PandaCLI

@main
enum Entrypoint {
    static func main() { PredictProgram.main() }
}
