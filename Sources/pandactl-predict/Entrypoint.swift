import PandaCLI

@main
enum Entrypoint {
    static func main() { PredictCommand.main() }
}
