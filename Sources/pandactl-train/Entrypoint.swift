import PandaCLI

@main
enum Entrypoint {
    static func main() { TrainCommand.main() }
}
