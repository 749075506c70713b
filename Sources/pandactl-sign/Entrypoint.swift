import PandaCLI

@main
enum Entrypoint {
    static func main() { Programs.main(name: "pandactl-sign") }
}
