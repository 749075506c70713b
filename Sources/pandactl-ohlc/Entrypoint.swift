import PandaCLI

@main
enum Entrypoint {
    static func main() { OHLCCommand.main() }
}
