import ArgumentParser
import PandaCore
import PandaCrypto
import PandaLedger

extension PandactlCommand {
    /// `pandactl void --nonce N`: withdraws a signed request that has not applied (DESIGN §3, request lifetime).
    struct VoidVerb: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "void",
            abstract: "Void an unused nonce of the sender, so that no request signed with it can ever apply.",
            discussion: """
                Applies a signed request {"op":"void","nonce":N} by the sender (--key): it changes nothing but \
                spends nonce N, so a request the sender signed with that nonce is refused with replayed_nonce \
                wherever and whenever it is sent, even after funds arrive that it lacked. This is how a pending or \
                refused signed line is withdrawn: a line that was refused (insufficient_funds, say) changed nothing \
                and stays valid until its nonce is spent or its 'expires' time passes; void its nonce, or let it \
                expire if it was signed with an expiry ('pandactl-sign sign --ttl 10m' sets 'expires'; after that \
                time the line is refused with expired). A nonce that was used already cannot be voided \
                (replayed_nonce). In JSON lines: {"op":"void","nonce":N}, signed like any request.
                """)
        @Option(help: ArgumentHelp("The nonce to void (0 to 2^53-1).", valueName: "n")) var nonce: UInt64?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument

        func validate() throws {
            if let nonce, nonce > RequestSigning.maxNonce { throw ValidationError("--nonce must be from 0 to 2^53-1") }
        }

        func run() throws {
            var d = JSONObject()
            if let nonce { d.appendUnique("nonce", .number(JSONNumber(nonce))) }
            try Runtime(program: "pandactl", operations: pandactlOperations, common: common)
                .runVerb(op: "void", defaults: d, stream: input.isSet)
        }
    }
}
