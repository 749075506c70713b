import PandaCLI

@main
enum Entrypoint {
    static func main() { TrainProgram.main() }
}
