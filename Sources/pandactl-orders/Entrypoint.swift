import PandaCLI

@main
enum Entrypoint {
    static func main() { OrdersProgram.main() }
}
