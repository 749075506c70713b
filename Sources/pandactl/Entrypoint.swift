import PandaCLI

@main
enum Entrypoint {
    static func main() { PandactlMain.main() }
}
