import ArgumentParser
import PandaCore
import PandaLedger

/// `pandactl-mint`: tokens created off the curve — improvement rewards, initial supply, vesting, block
/// rewards — and provenance records.
public struct MintCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pandactl-mint",
        abstract: "Issuance: improvement rewards, initial supply, vesting, block rewards, provenance records.",
        discussion: Help.discussion(
            """
            Every mint creates tokens off the bonding curve: the supply grows while the reserve stays, so the \
            price per token falls (every holder is diluted) and selling the whole supply still returns exactly \
            the reserve. The receiver's dividends are settled first, so earlier holders keep what they accrued. \
            Issuance cap: after the model's first curve trade, improvement and block rewards and the full amount \
            of every new grant count against max_emission (default 10%, set at 'pandactl-curve create') of the \
            measured supply per rolling 365 days (the supply at the window's start plus what buyers added since); \
            over it, emission_cap. Verifiers (added by the model's owner) reward improvements of at least 100 bps: \
            by default supply x bps / 100000 tokens (a 10-point gain mints 1% of the circulating supply), at most \
            2% of the supply per event, one per model per cooldown (default 24h); 'policy' sets reward_per_bps and \
            max_reward in tokens instead, and the cooldown. 'improvement' also reads the "trained" records of \
            pandactl-train from stdin: the version and model_hash must be the ledger's (unknown_version), the \
            improvement_bps and contributor are taken from the ledger's record of that version, and each version \
            is rewarded once (already_rewarded). 'initial' mints the owner's initial supply from a score (0-100): \
            min_supply at min_score (default 50) rising linearly to max_supply at 100 (defaults 1000 and 1000000), \
            optionally vested; only before any supply or curve trade (already_trading). An unvested initial supply \
            is unbacked: buying waits for 'pandactl-curve seed'. 'distribute' grants vested tokens: a grant is a \
            promise (shown as unvested), its tokens are minted when released (nothing before the cliff, linearly \
            over the period); a grant never starts before the ledger's clock (invalid_ts). 'release' mints what \
            has vested. 'block-reward' mints alpha x 24h curve volume x model performance (accuracy) \
            to an operator, once per 24h each. 'provenance' records a data contribution {data_hash, quality, ts, \
            delta} owned by its contributor; 'provenance --list' lists them, and the record's owner gives it to \
            another account with 'provenance --transfer ID --to ACCOUNT'. 'treasury' (the owner) mints an amount at \
            once to several recipients by share (shares normalised by their sum), within the issuance cap: each \
            recipient gets amount x share / total, rounded down; the remainder is not minted (receipt: remainder). \
            'release --early' releases every open grant at once: what has vested in full, what has not less the \
            grant's early_penalty (default 50%, set at 'distribute'); of u unvested tokens the holder receives \
            floor(u x (100% - penalty)) and the rest is never minted; the grant closes.
            """,
            examples: [
                ("Let a verifier reward improvements of FNET", "pandactl-mint verifier --symbol FNET --account verifier --key owner.key"),
                ("Reward a retraining's improvement to the data contributor",
                 "pandactl-train --symbol FNET --contributor alice < rows.jsonl | pandactl-mint improvement - --key verifier.key"),
                ("Initial supply from a score of 87, vested over a year with a 90-day cliff",
                 "pandactl-mint initial --symbol FNET --score 87 --vesting 365d --cliff 90d --key owner.key"),
                ("Release what has vested", "pandactl-mint release --symbol FNET --key team.key"),
                ("Treasury distribution: 600 tokens, 2:1 between two recipients",
                 #"pandactl-mint treasury --symbol FNET --amount 600 --recipients '{"research":2,"grants":1}' --key owner.key"#),
                ("Leave early: take the unvested tokens less the grant's penalty", "pandactl-mint release --symbol FNET --early --key team.key"),
                ("List provenance records of a contributor", "pandactl-mint provenance --list --contributor alice | jq -r .data_hash"),
            ],
            errors: [.below_threshold, .cooldown, .not_authorized, .score_too_low, .already_minted, .already_trading, .emission_cap,
                     .already_rewarded, .unknown_version, .invalid_ts, .nothing_to_release, .below_minimum,
                     .max_supply, .unknown_symbol, .invalid_amount, .invalid_request, .missing_field, .unknown_field, .bad_signature,
                     .replayed_nonce, .wrong_chain]),
        subcommands: [Verifier.self, Policy.self, Improvement.self, Initial.self, Distribute.self, Release.self, Treasury.self, BlockReward.self,
                      Provenance.self])

    @OptionGroup public var common: CommonOptions
    public init() {}

    public func run() throws {
        try MintCommand.runtime(common).runStdinOrHelp(MintCommand.helpMessage())
    }

    static func runtime(_ common: CommonOptions) -> Runtime {
        var r = Runtime(program: "pandactl-mint", operations: MintOperations.all, common: common)
        r.consumes["trained"] = MintCommand.improvementRequest
        return r
    }

    /// A `trained` record as an `improvement` request: its model, improvement and contributor (never its
    /// `from` or `ts`, which are the trainer's); nil for a first version, which has nothing to compare with.
    @Sendable static func improvementRequest(_ trained: JSONObject) -> JSONObject? {
        guard let bps = trained["improvement_bps"], !bps.isNull else { return nil }
        var o: JSONObject = ["op": "improvement", "bps": bps]
        for key in ["symbol", "contributor", "version", "model_hash"] { if let v = trained[key], !v.isNull { o[key] = v } }
        if let id = trained["id"] { o["id"] = id }
        return o
    }

    struct SymbolOption: ParsableArguments {
        @Option(help: ArgumentHelp("The model token's symbol, e.g. FNET.", valueName: "symbol")) var symbol: String?
    }

    struct Verifier: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a verifier of a model, or remove one with --remove (the model's owner).")
        @OptionGroup var symbol: SymbolOption
        @Option(help: ArgumentHelp("The verifier's account.", valueName: "account")) var account: String?
        @Flag(help: "Remove the verifier instead.") var remove = false
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            var d = defaults(["symbol": symbol.symbol, "account": account])
            if remove { d["remove"] = true }
            try MintCommand.runtime(common).runVerb(op: "verifier", defaults: d, stream: input.isSet)
        }
    }

    struct Policy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a model's improvement reward per bps, maximum reward and cooldown (the model's owner).",
            discussion: "The receipt shows the whole policy. Unset values keep their current (or default) value.")
        @OptionGroup var symbol: SymbolOption
        @Option(name: .customLong("reward-per-bps"), help: ArgumentHelp("Tokens per basis point (default: supply x bps / 100000).", valueName: "n")) var rewardPerBps: String?
        @Option(name: .customLong("max-reward"), help: ArgumentHelp("Most tokens per improvement (default: 2% of the supply).", valueName: "n")) var maxReward: String?
        @Option(help: ArgumentHelp("Least time between two improvement rewards (default 24h).", valueName: "duration")) var cooldown: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try MintCommand.runtime(common).runVerb(
                op: "policy", defaults: defaults(["symbol": symbol.symbol, "reward_per_bps": rewardPerBps, "max_reward": maxReward, "cooldown": cooldown]),
                stream: input.isSet)
        }
    }

    struct Improvement: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reward a measured model improvement to its contributor (a verifier).",
            discussion: """
                Refused below 100 bps (below_threshold), within the model's cooldown (cooldown) and past the issuance cap \
                (emission_cap). With '-', reads requests or pandactl-train's "trained" records from stdin: the record's \
                symbol, version and model_hash must exist in the ledger (unknown_version); the improvement_bps and \
                contributor rewarded are the ledger's record of that version, and each version is rewarded once \
                (already_rewarded).
                """)
        @OptionGroup var symbol: SymbolOption
        @Option(help: ArgumentHelp("The improvement in basis points (at least 100).", valueName: "bps")) var bps: String?
        @Option(help: ArgumentHelp("Who receives the reward.", valueName: "account")) var contributor: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try MintCommand.runtime(common).runVerb(op: "improvement", defaults: defaults(["symbol": symbol.symbol, "bps": bps, "contributor": contributor]),
                                                    stream: input.isSet)
        }
    }

    struct Initial: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mint a model's initial supply from its score to its owner, optionally vested (once, the owner).",
            discussion: """
                supply = min_supply + (max_supply - min_supply) * (score - min_score) / (100 - min_score), rounded down. Only at \
                registration: refused once the model has supply or a curve trade (already_trading). With --vesting the supply is \
                a grant to the owner (minted as released); without, it is minted at once and unbacked, so buying waits until the \
                owner seeds the reserve (pandactl-curve seed).
                """)
        @OptionGroup var symbol: SymbolOption
        @Option(help: ArgumentHelp("The model's score, 0 to 100.", valueName: "score")) var score: String?
        @Option(name: .customLong("min-score"), help: ArgumentHelp("Lowest score that mints (default 50).", valueName: "score")) var minScore: String?
        @Option(name: .customLong("min-supply"), help: ArgumentHelp("Supply at the minimum score (default 1000).", valueName: "n")) var minSupply: String?
        @Option(name: .customLong("max-supply"), help: ArgumentHelp("Supply at a score of 100 (default 1000000).", valueName: "n")) var maxSupply: String?
        @Option(help: ArgumentHelp("Vest the supply over this period, e.g. 365d.", valueName: "duration")) var vesting: String?
        @Option(help: ArgumentHelp("Nothing vests before this, e.g. 90d.", valueName: "duration")) var cliff: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try MintCommand.runtime(common).runVerb(
                op: "initial",
                defaults: defaults(["symbol": symbol.symbol, "score": score, "min_score": minScore, "min_supply": minSupply, "max_supply": maxSupply,
                                    "vesting": vesting, "cliff": cliff]),
                stream: input.isSet)
        }
    }

    struct Distribute: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Grant tokens to an account, minted as they vest and are released (the model's owner).",
            discussion: """
                A grant is a promise: its tokens enter the supply when released. It never starts before the ledger's clock \
                (invalid_ts). After the model's first curve trade its whole amount counts against the issuance cap at once \
                (emission_cap); grants made at registration, before any buyer, are exempt and shown by stats as unvested.
                """)
        @OptionGroup var symbol: SymbolOption
        @Option(help: ArgumentHelp("The grant's holder.", valueName: "account")) var to: String?
        @Option(help: ArgumentHelp("Tokens (whole).", valueName: "n")) var amount: String?
        @Option(help: ArgumentHelp("When vesting starts (RFC 3339, not before now; default now).", valueName: "time")) var start: String?
        @Option(help: ArgumentHelp("Nothing vests before start + cliff (default 0).", valueName: "duration")) var cliff: String?
        @Option(help: ArgumentHelp("Everything has vested at start + period, e.g. 365d.", valueName: "duration")) var period: String?
        @Option(name: .customLong("early-penalty"), help: ArgumentHelp("What an early release keeps back of the unvested tokens (default 50%).", valueName: "pct"))
        var earlyPenalty: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try MintCommand.runtime(common).runVerb(
                op: "distribute",
                defaults: defaults(["symbol": symbol.symbol, "to": to, "amount": amount, "start": start, "cliff": cliff, "period": period,
                                    "early_penalty": earlyPenalty]),
                stream: input.isSet)
        }
    }

    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Release the sender's vested tokens of a model; with --early, the unvested ones too, less each grant's penalty.",
            discussion: """
                --early closes every open grant of the sender: of u unvested tokens it releases floor(u x (100% - early_penalty)); \
                the penalty is never minted. The receipt lists each grant's vested, unvested, received and penalty.
                """)
        @OptionGroup var symbol: SymbolOption
        @Flag(help: "Release the unvested tokens too, less each grant's early penalty.") var early = false
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            var d = defaults(["symbol": symbol.symbol])
            if early { d["early"] = true }
            try MintCommand.runtime(common).runVerb(op: "release", defaults: d, stream: input.isSet)
        }
    }

    struct Treasury: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mint an amount at once to several recipients by share, within the issuance cap (the model's owner).",
            discussion: """
                Shares are normalised by their sum; each recipient gets amount x share / total, rounded down, so what is minted \
                never exceeds the amount; the remainder is not minted (the receipt shows minted and remainder). Refused past the \
                issuance cap (emission_cap).
                """)
        @OptionGroup var symbol: SymbolOption
        @Option(help: ArgumentHelp("Tokens to share out (whole).", valueName: "n")) var amount: String?
        @Option(help: ArgumentHelp("Recipients and their shares as a JSON object, e.g. '{\"alice\":3,\"bob\":1}'.", valueName: "json")) var recipients: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            var d = defaults(["symbol": symbol.symbol, "amount": amount])
            if let recipients {
                guard let o = try? JSONParser.parse(recipients).objectValue else { throw ValidationError("--recipients is not a JSON object") }
                d["recipients"] = .object(o)
            }
            try MintCommand.runtime(common).runVerb(op: "treasury", defaults: d, stream: input.isSet)
        }
    }

    struct BlockReward: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "block-reward",
            abstract: "Reward a model operator alpha x 24h volume x model performance (a verifier; once per 24h per operator).")
        @OptionGroup var symbol: SymbolOption
        @Option(help: ArgumentHelp("The operator rewarded.", valueName: "account")) var `operator`: String?
        @Option(help: ArgumentHelp("The operator's contribution coefficient, 0 to 1.", valueName: "alpha")) var alpha: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try MintCommand.runtime(common).runVerb(op: "block-reward", defaults: defaults(["symbol": symbol.symbol, "operator": `operator`, "alpha": alpha]),
                                                    stream: input.isSet)
        }
    }

    struct Provenance: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a data contribution owned by its contributor (a verifier), list records with --list, or give one away with --transfer.",
            discussion: """
                Each record gets a sequential nft_id. --list prints "provenance" records, filtered by --symbol, --contributor and \
                --owner. --transfer ID --to ACCOUNT gives the record to another account (its owner only; the contributor stays).
                """)
        @OptionGroup var symbol: SymbolOption
        @Option(name: .customLong("data-hash"), help: ArgumentHelp("H(D): the data's 32-byte hash, 0x-hex.", valueName: "hash")) var dataHash: String?
        @Option(help: ArgumentHelp("The contribution's quality score, 0 to 1.", valueName: "q")) var quality: String?
        @Option(help: ArgumentHelp("The model improvement it brought (decimal).", valueName: "d")) var delta: String?
        @Option(help: ArgumentHelp("Who owns the record.", valueName: "account")) var contributor: String?
        @Flag(help: "List records instead of adding one.") var list = false
        @Option(help: ArgumentHelp("With --list, only records this account owns.", valueName: "account")) var owner: String?
        @Option(help: ArgumentHelp("Give the record with this nft_id to --to (its owner).", valueName: "id")) var transfer: String?
        @Option(help: ArgumentHelp("The record's new owner, with --transfer.", valueName: "account")) var to: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            if list {
                try MintCommand.runtime(common).runVerb(op: "provenances", defaults: defaults(["symbol": symbol.symbol, "contributor": contributor, "owner": owner]),
                                                        stream: input.isSet)
                return
            }
            if transfer != nil || to != nil {
                try MintCommand.runtime(common).runVerb(op: "provenance-transfer", defaults: defaults(["nft_id": transfer, "to": to]), stream: input.isSet)
                return
            }
            try MintCommand.runtime(common).runVerb(
                op: "provenance",
                defaults: defaults(["symbol": symbol.symbol, "data_hash": dataHash, "quality": quality, "delta": delta, "contributor": contributor]),
                stream: input.isSet)
        }
    }
}

/// `pandactl-burn`: tokens destroyed for model access, or redeemed for PANDA from the reserve.
public struct BurnCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pandactl-burn",
        abstract: "Burns: per-request model access, treasury redemption, negotiated rates.",
        discussion: Help.discussion(
            """
            'access' burns the sender's tokens to pay for model requests: 1 token per request, or the account's \
            negotiated rate (set by the model's owner with 'rate'), less a batch discount of 5% from 10 requests, \
            10% from 100, 20% from 1000 and 25% from 10000; a fractional burn is rounded up. An access burn \
            leaves the reserve as it is, so the price per token rises for every remaining holder. 'redeem' \
            sells tokens back to the curve for PANDA from the reserve (the same sale as pandactl-curve sell, \
            with min_payout) and counts them as burned; at least 1 token, once per hour per account and model. \
            'set' (the model's owner) changes the redemption minimum and cooldown and the discount tiers (none \
            above 25%, a larger batch never earning less); 'pandactl stats' shows them.
            """,
            examples: [
                ("An API gateway pays for 250 requests (10% off: 225 tokens)", "pandactl-burn access --symbol FNET --requests 250 --key gateway.key"),
                ("A gateway burns a user's tokens for 40 requests (the user approved it)",
                 "pandactl-burn access --symbol FNET --requests 40 --holder alice --key gateway.key"),
                ("A negotiated rate of half a token per request", "pandactl-burn rate --symbol FNET --account gateway --tokens-per-request 0.5 --key owner.key"),
                ("Redeem 100 tokens for at least 30 PANDA", "pandactl-burn redeem --symbol FNET --amount 100 --min-payout 30 --key holder.key"),
            ],
            errors: [.insufficient_tokens, .allowance_exceeded, .slippage, .below_minimum, .cooldown, .rate_limited, .not_authorized, .unknown_symbol, .invalid_amount,
                     .invalid_request, .missing_field, .unknown_field, .bad_signature, .replayed_nonce, .wrong_chain]),
        subcommands: [Access.self, Redeem.self, Rate.self, Settings.self])

    @OptionGroup public var common: CommonOptions
    public init() {}

    public func run() throws {
        try BurnCommand.runtime(common).runStdinOrHelp(BurnCommand.helpMessage())
    }

    static func runtime(_ common: CommonOptions) -> Runtime {
        Runtime(program: "pandactl-burn", operations: BurnOperations.all, common: common)
    }

    struct Access: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Burn tokens to pay for model requests; with --holder, a gateway burns the holder's tokens within its allowance.",
            discussion: """
                With --holder the sender (a gateway) pays with the holder's tokens: the holder approved it first \
                (pandactl-curve approve --spender GATEWAY); the burn spends that allowance (the receipt shows what is left), \
                at the gateway's negotiated rate. Refused without an allowance (not_authorized) and beyond it (allowance_exceeded).
                """)
        @OptionGroup var symbol: MintCommand.SymbolOption
        @Option(help: ArgumentHelp("Requests paid for (default 1).", valueName: "n")) var requests: String?
        @Option(help: ArgumentHelp("Burn this account's tokens, within the allowance it gave the sender.", valueName: "account")) var holder: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try BurnCommand.runtime(common).runVerb(op: "access", defaults: defaults(["symbol": symbol.symbol, "requests": requests, "holder": holder]),
                                                    stream: input.isSet)
        }
    }

    struct Redeem: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Burn tokens for PANDA from the reserve at the curve's sell price.")
        @OptionGroup var symbol: MintCommand.SymbolOption
        @Option(help: ArgumentHelp("Tokens (whole, at least 1).", valueName: "n")) var amount: String?
        @Option(name: .customLong("min-payout"), help: ArgumentHelp("Refuse if the payout is lower (PANDA).", valueName: "amount")) var minPayout: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try BurnCommand.runtime(common).runVerb(op: "redeem", defaults: defaults(["symbol": symbol.symbol, "amount": amount, "min_payout": minPayout]),
                                                    stream: input.isSet)
        }
    }

    struct Settings: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Set a model's redemption minimum and cooldown and its access discount tiers (the model's owner).",
            discussion: """
                Unset values keep their current (or default) value; the receipt shows every setting, as 'pandactl stats' does. \
                Discounts are an object of least requests to a discount, at most 25% each: '{"10":"5%","100":"10%"}' \
                ('{}' removes every discount).
                """)
        @OptionGroup var symbol: MintCommand.SymbolOption
        @Option(name: .customLong("redeem-minimum"), help: ArgumentHelp("Least tokens per redemption (default 1).", valueName: "n")) var redeemMinimum: String?
        @Option(name: .customLong("redeem-cooldown"), help: ArgumentHelp("Least time between an account's redemptions (default 1h).", valueName: "duration"))
        var redeemCooldown: String?
        @Option(help: ArgumentHelp("Discount tiers as a JSON object, e.g. '{\"10\":\"5%\",\"100\":\"10%\"}'.", valueName: "json")) var discounts: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            var d = defaults(["symbol": symbol.symbol, "redeem_minimum": redeemMinimum, "redeem_cooldown": redeemCooldown])
            if let discounts {
                guard let o = try? JSONParser.parse(discounts).objectValue else { throw ValidationError("--discounts is not a JSON object") }
                d["discounts"] = .object(o)
            }
            try BurnCommand.runtime(common).runVerb(op: "set", defaults: d, stream: input.isSet)
        }
    }

    struct Rate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set or remove an account's negotiated tokens per request (the model's owner).")
        @OptionGroup var symbol: MintCommand.SymbolOption
        @Option(help: ArgumentHelp("The account the rate is for.", valueName: "account")) var account: String?
        @Option(name: .customLong("tokens-per-request"), help: ArgumentHelp("Tokens burned per request, decimal.", valueName: "n")) var tokensPerRequest: String?
        @Flag(help: "Remove the negotiated rate (back to 1 token per request).") var remove = false
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            var d = defaults(["symbol": symbol.symbol, "account": account, "tokens_per_request": tokensPerRequest])
            if remove { d["remove"] = true }
            try BurnCommand.runtime(common).runVerb(op: "rate", defaults: d, stream: input.isSet)
        }
    }
}

/// `pandactl-index`: index funds over model tokens.
public struct IndexCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pandactl-index",
        abstract: "Index funds over model tokens: create, buy, sell, nav, portfolio, rebalance.",
        discussion: Help.discussion(
            """
            An index fund holds model tokens in its own account (so its holdings earn dividends, which become its \
            cash) and is owned in whole shares. Weights are fixed ({"FNET": 0.6, "VISN": 0.4}, normalized) or \
            follow market_cap or accuracy over 'members' or over every model of a 'category' (equal when all are \
            zero); they are shares of value. 'set' (the manager) changes the fees and the period afterwards. \
            The first buy (at least 1000 shares) spends 1 PANDA per share across the members by weight, buying \
            the most whole tokens each budget allows; later buys take each member's tokens per share, rounded up, \
            and the fund's cash per share. Buyers pay the curve costs plus the creation fee (default 10 bps); \
            sellers receive their part of every holding (rounded down, sold on the curves) and of the cash, \
            less the trading fee (30 bps). 'rebalance' (the manager, once per period, default 7d) sells what is \
            above target, takes the rebalancing fee (10 bps of NAV) and buys what is below. Fees go to the \
            manager. NAV = holdings at spot prices + cash; basket_price = sum of weight x price (paper eq. 6). \
            Index accounts take no transfers.
            """,
            examples: [
                ("A 60/40 fund of two models", #"pandactl-index create --name AI2 --weights '{"FNET":0.6,"VISN":0.4}' --key manager.key"#),
                ("An index of every fraud model, by market cap", "pandactl-index create --name FRAUD --weight-by market_cap --category fraud --key manager.key"),
                ("Lower the trading fee (the manager)", "pandactl-index set --name AI2 --trading-fee-bps 20 --key manager.key"),
                ("Buy 1000 shares for at most 1100 PANDA", "pandactl-index buy --name AI2 --shares 1000 --max-cost 1100 --key alice.key"),
                ("Net asset value per share", "pandactl-index nav --name AI2 | jq -r .nav_per_share"),
                ("Rebalance weekly from cron", "0 6 * * 1  pandactl-index rebalance --name AI2 --key /etc/panda/manager.key --ledger /var/lib/panda/ledger.db"),
            ],
            errors: [.unknown_index, .duplicate_index, .not_due, .slippage, .below_minimum, .insufficient_funds, .insufficient_tokens,
                     .not_authorized, .unknown_symbol, .rate_limited, .invalid_amount, .invalid_request, .missing_field, .unknown_field,
                     .bad_signature, .replayed_nonce, .wrong_chain]),
        subcommands: [Create.self, SetSettings.self, Buy.self, Sell.self, Nav.self, Portfolio.self, Rebalance.self])

    @OptionGroup public var common: CommonOptions
    public init() {}

    public func run() throws {
        try IndexCommand.runtime(common).runStdinOrHelp(IndexCommand.helpMessage())
    }

    static func runtime(_ common: CommonOptions) -> Runtime {
        Runtime(program: "pandactl-index", operations: IndexOperations.all, common: common)
    }

    struct NameOption: ParsableArguments {
        @Option(help: ArgumentHelp("The fund's name.", valueName: "name")) var name: String?
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an index fund; the sender manages it.")
        @OptionGroup var name: NameOption
        @Option(help: ArgumentHelp("Fixed weights as a JSON object, e.g. '{\"FNET\":0.6,\"VISN\":0.4}'.", valueName: "json")) var weights: String?
        @Option(name: .customLong("weight-by"), help: ArgumentHelp("market_cap or accuracy (with --members).", valueName: "rule")) var weightBy: String?
        @Option(help: ArgumentHelp("Members for --weight-by, comma-separated symbols.", valueName: "symbols")) var members: String?
        @Option(help: ArgumentHelp("Members for --weight-by: every model of this category.", valueName: "text")) var category: String?
        @Option(help: ArgumentHelp("Least time between rebalances (default 7d).", valueName: "duration")) var period: String?
        @Option(name: .customLong("trading-fee-bps"), help: ArgumentHelp("Fee on sells (default 30).", valueName: "bps")) var tradingFee: String?
        @Option(name: .customLong("creation-fee-bps"), help: ArgumentHelp("Fee on buys (default 10).", valueName: "bps")) var creationFee: String?
        @Option(name: .customLong("rebalance-fee-bps"), help: ArgumentHelp("Fee per rebalance, of NAV (default 10).", valueName: "bps")) var rebalanceFee: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            var d = defaults(["name": name.name, "weight_by": weightBy, "category": category, "period": period, "trading_fee_bps": tradingFee,
                              "creation_fee_bps": creationFee, "rebalance_fee_bps": rebalanceFee])
            if let weights {
                guard let o = try? JSONParser.parse(weights).objectValue else { throw ValidationError("--weights is not a JSON object") }
                d["weights"] = .object(o)
            }
            if let members {
                d["members"] = .array(members.split(separator: ",").map { .string($0.trimmingSpaces) })
            }
            try IndexCommand.runtime(common).runVerb(op: "create", defaults: d, stream: input.isSet)
        }
    }

    struct SetSettings: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Change the fund's fees and rebalancing period (its manager; journaled).",
            discussion: "The receipt shows every setting. Refused for anyone but the manager (not_authorized).")
        @OptionGroup var name: NameOption
        @Option(help: ArgumentHelp("Least time between rebalances.", valueName: "duration")) var period: String?
        @Option(name: .customLong("trading-fee-bps"), help: ArgumentHelp("Fee on sells.", valueName: "bps")) var tradingFee: String?
        @Option(name: .customLong("creation-fee-bps"), help: ArgumentHelp("Fee on buys.", valueName: "bps")) var creationFee: String?
        @Option(name: .customLong("rebalance-fee-bps"), help: ArgumentHelp("Fee per rebalance, of NAV.", valueName: "bps")) var rebalanceFee: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            let d = defaults(["name": name.name, "period": period, "trading_fee_bps": tradingFee, "creation_fee_bps": creationFee,
                              "rebalance_fee_bps": rebalanceFee])
            try IndexCommand.runtime(common).runVerb(op: "set", defaults: d, stream: input.isSet)
        }
    }

    struct Buy: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Buy shares, paying at most --max-cost PANDA (curve costs plus the creation fee).")
        @OptionGroup var name: NameOption
        @Option(help: ArgumentHelp("Shares (whole).", valueName: "n")) var shares: String?
        @Option(name: .customLong("max-cost"), help: ArgumentHelp("Refuse if the cost is higher (PANDA).", valueName: "amount")) var maxCost: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try IndexCommand.runtime(common).runVerb(op: "buy", defaults: defaults(["name": name.name, "shares": shares, "max_cost": maxCost]), stream: input.isSet)
        }
    }

    struct Sell: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sell shares for at least --min-payout PANDA (after the trading fee).")
        @OptionGroup var name: NameOption
        @Option(help: ArgumentHelp("Shares (whole).", valueName: "n")) var shares: String?
        @Option(name: .customLong("min-payout"), help: ArgumentHelp("Refuse if the payout is lower (PANDA).", valueName: "amount")) var minPayout: String?
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try IndexCommand.runtime(common).runVerb(op: "sell", defaults: defaults(["name": name.name, "shares": shares, "min_payout": minPayout]),
                                                     stream: input.isSet)
        }
    }

    struct Nav: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Net asset value, NAV per share, basket price, holdings and cash.")
        @OptionGroup var name: NameOption
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try IndexCommand.runtime(common).runVerb(op: "nav", defaults: defaults(["name": name.name]), stream: input.isSet)
        }
    }

    struct Portfolio: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The fund's holdings: a 'holding' record per member (and its cash) with value and weight.")
        @OptionGroup var name: NameOption
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try IndexCommand.runtime(common).runVerb(op: "portfolio", defaults: defaults(["name": name.name]), stream: input.isSet)
        }
    }

    struct Rebalance: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Trade back to the target weights once the period has passed (the manager).")
        @OptionGroup var name: NameOption
        @OptionGroup var common: CommonOptions
        @OptionGroup var input: DashArgument
        func run() throws {
            try IndexCommand.runtime(common).runVerb(op: "rebalance", defaults: defaults(["name": name.name]), stream: input.isSet)
        }
    }
}

extension Substring {
    var trimmingSpaces: String { String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
}
