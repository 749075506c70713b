import PandaCLI

@main
enum Entrypoint {
    static func main() { OrdersCommand.main() }
}
