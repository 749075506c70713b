import ArgumentParser
import PandaCore
import PandaLedger

/// `pandactl-curve`: model tokens on bonding curves.
public struct CurveCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pandactl-curve",
        abstract: "Model tokens on bonding curves: create, quote, buy, sell, dividends.",
        discussion: Help.discussion(
            """
            A model token is sold on a bonding curve: buying n tokens at supply S costs the integral of the price \
            from v to v + n*v/S (v, the virtual supply, equals S unless tokens were minted or burned off the \
            curve), paid into the model's reserve; selling pays the integral back out of it, and selling the \
            whole supply returns exactly the reserve. Curves: quadratic (the seed: p = x^2/scale, default \
            scale 1000000), linear (p = a + b*x), exponential (p = p0*e^(k*x)), sigmoid (p = p0/(1+e^(-alpha*(x-s0)))); \
            optional max_supply. The success multiplier M(t) = 1 + sum of w_i*m_i (metrics set by verifiers with 'metrics', \
            weights by the owner with 'set', default 0.25 each) scales the buy side of every curve: buying costs M times \
            the base curve's integral and the whole payment enters the reserve (the virtual supply is then what the \
            reserve pays for); selling pays the base curve. So quotes, receipts, 'stats' and 'table' show an ask \
            (M*p(v)*v/S; 'price' is the ask) and a bid (p(v)*v/S); a buyer who sells at once gets back about 1/M of the \
            cost (a buy quote's sell_back), the premium staying with the holders. The owner changes the settings after \
            'create' with 'set' (inference_fee, max_move and window, weights, max_emission, reward_per_bps, max_reward); \
            max_emission may be lowered at any time and raised only before the first trade (already_trading). 'list' \
            prints one 'model' record per token (symbol, name, category, address, owner, price, bid, supply). Costs round up, payouts down, to the base unit. Inference fees go to holders \
            through a dividend counter settled on every balance change, so nobody earns fees paid before they \
            held tokens; 'claim' pays what is owed. Optional rate limit: max_move per window (e.g. 50% per 24h). \
            Issuance cap: tokens issued off the curve after the first trade (rewards, grants) may not pass \
            max_emission (default 10%) of the measured supply per rolling 365 days; 'stats' shows emission_left, \
            the tokens promised by grants (unvested, fully_diluted_supply) and max_dilution, the worst loss of \
            value per token the cap allows. While tokens are out and the reserve is empty, buying is refused \
            (unbacked_supply) until the owner runs 'seed', which puts PANDA into the reserve and issues nothing. \
            Allowances (as PRC-20/ERC-20): 'approve' lets a spender move up to an amount of the sender's tokens \
            (it sets the allowance; 0 withdraws it); the spender moves them with 'transfer-from' (or burns them \
            for model access with 'pandactl-burn access --holder'), each spending the allowance; 'allowance' \
            shows what is left, and 'pandactl balance' lists allowances given and received. A sender without an \
            allowance is refused (not_authorized), an amount above it too (allowance_exceeded).
            """,
            examples: [
                ("Create FraudNet on the seed's curve", "pandactl-curve create --symbol FNET --name FraudNet --key creator.key"),
                ("Price 1000 tokens, then buy them with a slippage guard", "pandactl-curve quote --symbol FNET --amount 1000 && pandactl-curve buy --symbol FNET --amount 1000 --max-cost 400 --key buyer.key"),
                ("Sell half, claim dividends", "pandactl-curve sell --symbol FNET --amount 500 --key buyer.key; pandactl-curve claim --symbol FNET --key buyer.key"),
                ("Let a gateway spend up to 500 FNET, then move 200 of them as the gateway",
                 "pandactl-curve approve --symbol FNET --spender gateway --amount 500 --key alice.key && pandactl-curve transfer-from --symbol FNET --owner alice --to bob --amount 200 --key gateway.key"),
                ("Raise the fee and set a rate limit after creation (the owner)",
                 "pandactl-curve set --symbol FNET --inference-fee 0.02 --max-move 50% --window 24h --key creator.key"),
                ("Weigh accuracy more in M(t)", "pandactl-curve set --symbol FNET --weights accuracy=0.5,adoption=0.25 --key creator.key"),
                ("The models of a category", "pandactl-curve list --category fraud"),
                ("Points to plot", "pandactl-curve table --symbol FNET --start 0 --end 5000 --steps 50 | jq -r '[.supply, .price] | @tsv'"),
            ],
            errors: [.unknown_symbol, .duplicate_symbol, .insufficient_funds, .insufficient_tokens, .slippage, .max_supply, .rate_limited,
                     .nothing_to_claim, .unbacked_supply, .already_trading, .allowance_exceeded, .self_transfer, .invalid_amount, .invalid_request, .missing_field, .unknown_field, .not_authorized,
                     .bad_signature, .replayed_nonce, .wrong_chain]),
        subcommands: [Create.self, SetSettings.self, Seed.self, Quote.self, Buy.self, Sell.self, Price.self, Stats.self, ListModels.self, TransferTokens.self, Approve.self,
                      Allowance.self, TransferFrom.self, Claim.self, Metrics.self, Table.self])

    @OptionGroup public var common: CommonOptions
    public init() {}

    public func run() throws {
        try CurveCommand.runtime(common).runStdinOrHelp(CurveCommand.helpMessage())
    }

    static func runtime(_ common: CommonOptions) -> Runtime {
        Runtime(program: "pandactl-curve", operations: CurveOperations.all + AllowanceOperations.all, common: common)
    }

    struct SymbolOption: ParsableArguments {
        @Option(help: ArgumentHelp("The model token's symbol, e.g. FNET.", valueName: "symbol")) var symbol: String?
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a model token on a bonding curve; the sender owns it.",
            discussion: "The receipt carries the model's address, its curve, its starting price (ask and bid) and every setting 'set' can change later. The model is listed for trading at once.")
        @OptionGroup var symbol: SymbolOption
        @Option(help: ArgumentHelp("The model's name.", valueName: "text")) var name: String?
        @Option(help: ArgumentHelp("Category (default ML).", valueName: "text")) var category: String?
        @Option(help: ArgumentHelp("Description.", valueName: "text")) var description: String?
        @Option(help: ArgumentHelp("Curve type: quadratic (default), linear, exponential or sigmoid; or a JSON object.", valueName: "type|json"))
        var curve: String?
        @Option(help: ArgumentHelp("quadratic: p = x^2/scale.", valueName: "n")) var scale: String?
        @Option(help: ArgumentHelp("linear: p = a + b*x.", valueName: "n")) var a: String?
        @Option(help: ArgumentHelp("linear: p = a + b*x.", valueName: "n")) var b: String?
        @Option(help: ArgumentHelp("exponential and sigmoid: base price.", valueName: "n")) var p0: String?
        @Option(help: ArgumentHelp("exponential: growth rate.", valueName: "n")) var k: String?
        @Option(help: ArgumentHelp("sigmoid: steepness.", valueName: "n")) var alpha: String?
        @Option(help: ArgumentHelp("sigmoid: midpoint supply.", valueName: "n")) var s0: String?
        @Option(name: .customLong("max-supply"), help: ArgumentHelp("Most tokens that may exist.", valueName: "n")) var maxSupply: String?
        @Option(name: .customLong("inference-fee"), help: ArgumentHelp("Minimum fee per prediction row, PANDA (default 0.01).", valueName: "amount"))
        var inferenceFee: String?
        @Option(name: .customLong("max-move"), help: ArgumentHelp("Rate limit: the most the price may move in a window, e.g. 50%.", valueName: "pct")) var maxMove: String?
        @Option(help: ArgumentHelp("Rate limit window, e.g. 24h.", valueName: "duration")) var window: String?
        @Option(name: .customLong("max-emission"),
                help: ArgumentHelp("Issuance cap: the most tokens issued off the curve per 365 days, as a share of the measured supply (default 10%).",
                                   valueName: "pct"))
        var maxEmission: String?
        @Option(help: ArgumentHelp("Metric weights of M(t): accuracy=0.5,adoption=0.25 or a JSON object (default 0.25 each).", valueName: "weights"))
        var weights: String?
        @Option(name: .customLong("reward-per-bps"), help: ArgumentHelp("Improvement reward per bps, tokens (default: a share of supply).", valueName: "n"))
        var rewardPerBps: String?
        @Option(name: .customLong("max-reward"), help: ArgumentHelp("Largest improvement reward, tokens.", valueName: "n")) var maxReward: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument

        func run() throws {
            var d = defaults(["symbol": symbol.symbol, "name": name, "category": category, "description": description,
                              "inference_fee": inferenceFee, "max_move": maxMove, "window": window, "max_emission": maxEmission,
                              "reward_per_bps": rewardPerBps, "max_reward": maxReward])
            if let weights { d["weights"] = try CurveCommand.weightsObject(weights) }
            var spec = JSONObject()
            if let curve {
                if curve.hasPrefix("{") {
                    guard let o = try? JSONParser.parse(curve).objectValue else { throw ValidationError("--curve is not a JSON object") }
                    spec = o
                } else {
                    spec["type"] = .string(curve)
                }
            }
            for (key, value) in [("scale", scale), ("a", a), ("b", b), ("p0", p0), ("k", k), ("alpha", alpha), ("s0", s0), ("max_supply", maxSupply)] {
                if let value { spec[key] = .string(value) }
            }
            if !spec.isEmpty { d["curve"] = .object(spec) }
            try CurveCommand.runtime(common).runVerb(op: "create", defaults: d, stream: input.isSet)
        }
    }

    struct SetSettings: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Change the model's settings (its owner): inference fee, rate limit, metric weights, issuance cap, reward settings.",
            discussion: """
                Journaled like every request; the receipt and 'stats' show every setting. --max-move none removes the rate \
                limit. --weights sets the weights of M(t)'s metrics (others keep theirs; each 0..10) and recomputes M. \
                max_emission may be lowered at any time and raised only before the model's first curve trade \
                (already_trading). Refused for anyone but the owner (not_authorized).
                """)
        @OptionGroup var symbol: SymbolOption
        @Option(name: .customLong("inference-fee"), help: ArgumentHelp("Minimum fee per prediction row, PANDA.", valueName: "amount")) var inferenceFee: String?
        @Option(name: .customLong("max-move"), help: ArgumentHelp("Rate limit: the most the price may move in a window, e.g. 50%; none removes it.", valueName: "pct"))
        var maxMove: String?
        @Option(help: ArgumentHelp("Rate limit window, e.g. 24h.", valueName: "duration")) var window: String?
        @Option(help: ArgumentHelp("Metric weights: accuracy=0.5,adoption=0.25 or a JSON object.", valueName: "weights")) var weights: String?
        @Option(name: .customLong("max-emission"), help: ArgumentHelp("Issuance cap per 365 days, e.g. 5%.", valueName: "pct")) var maxEmission: String?
        @Option(name: .customLong("reward-per-bps"), help: ArgumentHelp("Improvement reward per bps, tokens.", valueName: "n")) var rewardPerBps: String?
        @Option(name: .customLong("max-reward"), help: ArgumentHelp("Largest improvement reward, tokens.", valueName: "n")) var maxReward: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            var d = defaults(["symbol": symbol.symbol, "inference_fee": inferenceFee, "max_move": maxMove, "window": window,
                              "max_emission": maxEmission, "reward_per_bps": rewardPerBps, "max_reward": maxReward])
            if let weights { d["weights"] = try CurveCommand.weightsObject(weights) }
            try CurveCommand.runtime(common).runVerb(op: "set", defaults: d, stream: input.isSet)
        }
    }

    /// `--weights accuracy=0.5,adoption=0.25` or a JSON object, as the request's `weights` object.
    static func weightsObject(_ text: String) throws -> JSONValue {
        if text.hasPrefix("{") {
            guard let o = try? JSONParser.parse(text).objectValue else { throw ValidationError("--weights is not a JSON object") }
            return .object(o)
        }
        var o = JSONObject()
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { throw ValidationError("--weights takes metric=weight pairs, e.g. accuracy=0.5,adoption=0.25") }
            o[String(parts[0])] = .string(String(parts[1]))
        }
        return .object(o)
    }

    struct ListModels: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the model tokens: one 'model' record each (symbol, name, category, address, owner, price, bid, supply).",
            discussion: "--category and --owner keep the models of that category or owner. 'price' is the ask.")
        @Option(help: ArgumentHelp("Only models of this category.", valueName: "text")) var category: String?
        @Option(help: ArgumentHelp("Only models of this owner.", valueName: "account")) var owner: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try CurveCommand.runtime(common).runVerb(op: "list", defaults: defaults(["category": category, "owner": owner]), stream: input.isSet)
        }
    }

    struct Seed: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put PANDA into the reserve, issuing no tokens, so that supply minted off the curve is backed (the owner).",
            discussion: """
                While tokens are out and the reserve is empty (an initial supply minted before any buyer), buying is refused \
                (unbacked_supply): a buyer would pay the curve's cost from zero for tokens whose backing the unbacked holders \
                could take at once. The seed raises the virtual supply to what the new reserve pays for; the receipt shows \
                reserve, bid and ask.
                """)
        @OptionGroup var symbol: SymbolOption
        @Option(help: ArgumentHelp("PANDA to put into the reserve.", valueName: "amount")) var amount: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try CurveCommand.runtime(common).runVerb(op: "seed", defaults: defaults(["symbol": symbol.symbol, "amount": amount]), stream: input.isSet)
        }
    }

    struct Quote: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Price a buy or a sell without trading: cost or payout, prices before and after (the ask), ask and bid now and after.",
            discussion: "A buy quote also shows sell_back: what selling the same tokens at once would pay (about 1/M(t) of the cost; the premium stays with the holders).")
        @OptionGroup var symbol: SymbolOption
        @Option(help: ArgumentHelp("buy (default) or sell.", valueName: "side")) var side: String?
        @Option(help: ArgumentHelp("Tokens (whole).", valueName: "n")) var amount: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try CurveCommand.runtime(common).runVerb(op: "quote", defaults: defaults(["symbol": symbol.symbol, "side": side, "amount": amount]), stream: input.isSet)
        }
    }

    struct Buy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Buy tokens from the curve, paying at most --max-cost PANDA.",
            discussion: "The receipt carries cost (M(t) times the base curve's integral, all into the reserve), avg_price, price (the ask after), ask, bid, supply and reserve. Refused with slippage when the cost exceeds max_cost.")
        @OptionGroup var symbol: SymbolOption
        @Option(help: ArgumentHelp("Tokens (whole).", valueName: "n")) var amount: String?
        @Option(name: .customLong("max-cost"), help: ArgumentHelp("Refuse if the cost is higher (PANDA).", valueName: "amount")) var maxCost: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try CurveCommand.runtime(common).runVerb(op: "buy", defaults: defaults(["symbol": symbol.symbol, "amount": amount, "max_cost": maxCost]), stream: input.isSet)
        }
    }

    struct Sell: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sell tokens to the curve for at least --min-payout PANDA.",
            discussion: "Selling the whole supply pays exactly the reserve. Refused with slippage when the payout is lower than min_payout.")
        @OptionGroup var symbol: SymbolOption
        @Option(help: ArgumentHelp("Tokens (whole).", valueName: "n")) var amount: String?
        @Option(name: .customLong("min-payout"), help: ArgumentHelp("Refuse if the payout is lower (PANDA).", valueName: "amount")) var minPayout: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try CurveCommand.runtime(common).runVerb(op: "sell", defaults: defaults(["symbol": symbol.symbol, "amount": amount, "min_payout": minPayout]), stream: input.isSet)
        }
    }

    struct Price: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The spot price per token: the ask M(t)*p(v)*v/S, with the bid p(v)*v/S (1/scale at zero supply on the seed's curve).")
        @OptionGroup var symbol: SymbolOption
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws { try CurveCommand.runtime(common).runVerb(op: "price", defaults: defaults(["symbol": symbol.symbol]), stream: input.isSet) }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The model's statistics: the seed's get_stats fields plus reserve, momentum (per hour), ask and bid, multiplier, metrics as used, and every setting.")
        @OptionGroup var symbol: SymbolOption
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws { try CurveCommand.runtime(common).runVerb(op: "stats", defaults: defaults(["symbol": symbol.symbol]), stream: input.isSet) }
    }

    struct TransferTokens: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "transfer", abstract: "Move tokens to another account (dividends already earned stay with the sender).")
        @OptionGroup var symbol: SymbolOption
        @Option(help: ArgumentHelp("The recipient.", valueName: "account")) var to: String?
        @Option(help: ArgumentHelp("Tokens (whole).", valueName: "n")) var amount: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try CurveCommand.runtime(common).runVerb(op: "transfer", defaults: defaults(["symbol": symbol.symbol, "to": to, "amount": amount]), stream: input.isSet)
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Let a spender move up to an amount of the sender's tokens (sets the allowance; 0 withdraws it).",
            discussion: "The receipt shows the allowance and the one it replaced (previous). Approving does not reserve tokens: a spender can move only what the owner holds free.")
        @OptionGroup var symbol: SymbolOption
        @Option(help: ArgumentHelp("Who may spend the tokens.", valueName: "account")) var spender: String?
        @Option(help: ArgumentHelp("Tokens (whole; 0 withdraws the allowance).", valueName: "n")) var amount: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try CurveCommand.runtime(common).runVerb(op: "approve", defaults: defaults(["symbol": symbol.symbol, "spender": spender, "amount": amount]),
                                                     stream: input.isSet)
        }
    }

    struct Allowance: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What a spender may still move of an owner's tokens (allowance; spendable: what the owner holds free of it).")
        @OptionGroup var symbol: SymbolOption
        @Option(help: ArgumentHelp("The owner of the tokens (default: the sender).", valueName: "account")) var owner: String?
        @Option(help: ArgumentHelp("The spender (default: the sender).", valueName: "account")) var spender: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try CurveCommand.runtime(common).runVerb(op: "allowance", defaults: defaults(["symbol": symbol.symbol, "owner": owner, "spender": spender]),
                                                     stream: input.isSet)
        }
    }

    struct TransferFrom: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "transfer-from",
            abstract: "Move an owner's tokens to an account, within the allowance the owner gave the sender.",
            discussion: "The receipt shows the allowance left. Refused for a sender the owner did not approve (not_authorized) and beyond the allowance (allowance_exceeded).")
        @OptionGroup var symbol: SymbolOption
        @Option(help: ArgumentHelp("Whose tokens move.", valueName: "account")) var owner: String?
        @Option(help: ArgumentHelp("The recipient.", valueName: "account")) var to: String?
        @Option(help: ArgumentHelp("Tokens (whole).", valueName: "n")) var amount: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try CurveCommand.runtime(common).runVerb(op: "transfer-from",
                                                     defaults: defaults(["symbol": symbol.symbol, "owner": owner, "to": to, "amount": amount]),
                                                     stream: input.isSet)
        }
    }

    struct Claim: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Claim the dividends owed to the sender, in PANDA (nothing_to_claim when none).")
        @OptionGroup var symbol: SymbolOption
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws { try CurveCommand.runtime(common).runVerb(op: "claim", defaults: defaults(["symbol": symbol.symbol]), stream: input.isSet) }
    }

    struct Metrics: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set success metrics (a verifier, or the owner): M(t) = 1 + sum of w_i*m_i, which scales what buyers pay on every curve.",
            discussion: "Ranges (values are clamped, and echoed as used): accuracy 0.7..1, adoption 0..1, improvement 0.8..1, growth 0..1. Weights default to 0.25 each; the owner sets them with 'set --weights'. The receipt shows multiplier, ask and bid.")
        @OptionGroup var symbol: SymbolOption
        @Option(help: ArgumentHelp("Model accuracy as a fraction.", valueName: "x")) var accuracy: String?
        @Option(help: ArgumentHelp("Adoption, 0..1.", valueName: "x")) var adoption: String?
        @Option(help: ArgumentHelp("Improvement, 0.8..1.", valueName: "x")) var improvement: String?
        @Option(help: ArgumentHelp("Growth, 0..1.", valueName: "x")) var growth: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try CurveCommand.runtime(common).runVerb(op: "metrics", defaults: defaults(["symbol": symbol.symbol, "accuracy": accuracy, "adoption": adoption,
                                                                                       "improvement": improvement, "growth": growth]), stream: input.isSet)
        }
    }

    struct Table: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Price and reserve along the curve: one 'point' record per step (supply, price = ask, ask, bid, reserve), for plotting.")
        @OptionGroup var symbol: SymbolOption
        @Option(help: ArgumentHelp("First supply (default 0).", valueName: "n")) var start: String?
        @Option(help: ArgumentHelp("Last supply (default start + 1000, or max_supply).", valueName: "n")) var end: String?
        @Option(help: ArgumentHelp("Number of steps (default 10).", valueName: "n")) var steps: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try CurveCommand.runtime(common).runVerb(op: "table", defaults: defaults(["symbol": symbol.symbol, "start": start, "end": end, "steps": steps]), stream: input.isSet)
        }
    }
}
