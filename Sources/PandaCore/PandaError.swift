/// The exit statuses every program uses (sysexits), DESIGN §2.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Every request applied.
    case ok = 0
    /// Some lines were rejected (stream mode), or the single request was refused.
    case rejected = 1
    /// Bad command-line usage.
    case usage = 64
    /// Malformed input (single request given by flags).
    case malformed = 65
    /// The ledger or an input file is missing.
    case missing = 66
    /// The verb is not available in this build.
    case unavailable = 69
    /// An internal error (a bug).
    case software = 70
    /// An I/O error, or the ledger is corrupt or not a pandactl ledger.
    case ioError = 74
    /// The ledger stayed busy past the timeout.
    case busy = 75
    /// A key file, signature or permission problem.
    case permission = 77

    /// One line for the man pages' EXIT STATUS table.
    public var meaning: String {
        switch self {
        case .ok: "every request applied"
        case .rejected: "some lines were rejected (stream), or the request was refused"
        case .usage: "bad command-line usage"
        case .malformed: "malformed request (a single request given by flags)"
        case .missing: "the ledger or an input file is missing"
        case .unavailable: "the verb is not available in this build"
        case .software: "internal error"
        case .ioError: "I/O error, or the ledger is corrupt or not a pandactl ledger"
        case .busy: "the ledger stayed busy past the timeout"
        case .permission: "signature, key file or permission refused"
        }
    }
}

/// The stable error codes of `error` records. Each case's raw value is the code printed in
/// `{"type":"error","code":…}`; never rename one once shipped.
public enum ErrorCode: String, Sendable, CaseIterable {
    // Malformed requests.
    /// The line is not valid JSON (syntax, UTF-8, nesting, duplicate keys).
    case malformed_json
    /// The line is JSON but not a request object, or a field has the wrong type or form.
    case invalid_request
    /// A required field is missing.
    case missing_field
    /// A field that this operation does not take.
    case unknown_field
    /// The `op` is not an operation of this program.
    case unknown_op
    /// An amount that is not a positive decimal within range and precision.
    case invalid_amount
    /// An account that is neither a 0x address nor (on open ledgers) a valid name.
    case invalid_account
    /// A line longer than the reader's limit.
    case line_too_long
    /// A line whose `type` names no pandactl record and that is not a request (a misspelt request).
    case unknown_record_type
    /// Text (a name, symbol, description or category) with control characters or bidirectional overrides.
    case invalid_text
    /// The zero address as a recipient: tokens or PANDA sent there are lost.
    case zero_address

    // Refusals.
    /// The account has never been funded and holds nothing.
    case unknown_account
    /// Not enough PANDA.
    case insufficient_funds
    /// Sender and recipient are the same account.
    case self_transfer
    /// The amount would overflow the ledger's integer range.
    case overflow
    /// No model token has this symbol.
    case unknown_symbol
    /// A model token with this symbol exists already.
    case duplicate_symbol
    /// The request carries `ts`, which only the admin (or anyone on an open ledger) may set.
    case ts_not_allowed
    /// A time field (`ts`, `expires`) that is not an RFC 3339 time.
    case invalid_ts
    /// Not enough model tokens (a sell, transfer or burn of more than is held or outstanding).
    case insufficient_tokens
    /// The trade would take a model's supply past its curve's `max_supply`.
    case max_supply
    /// The cost is above `max_cost`, or the payout below `min_payout`.
    case slippage
    /// The trade would move the price further from the window's opening price than `max_move` allows.
    case rate_limited
    /// There are no dividends owed to claim.
    case nothing_to_claim
    /// The signed request's `expires` time has passed; it changes nothing (sign it again with a new nonce).
    case expired
    /// The request's `ts` is earlier than the journal's last entry (journal time never decreases).
    case ts_out_of_order

    // Issuance, funds, order book, models.
    /// An improvement below the minimum of 100 bps.
    case below_threshold
    /// Too soon after the last mint, redemption or reward that the cooldown counts from.
    case cooldown
    /// Less than the operation's minimum amount (e.g. a redemption under the minimum tokens).
    case below_minimum
    /// A model score below the minimum for an initial supply.
    case score_too_low
    /// The model's initial supply was minted already.
    case already_minted
    /// No vested tokens are waiting to be released.
    case nothing_to_release
    /// A rebalance before the index's period has passed.
    case not_due
    /// No index fund has this name.
    case unknown_index
    /// An index fund with this name exists already.
    case duplicate_index
    /// No open order has this id.
    case unknown_order
    /// A post_only order would trade on arrival.
    case would_take
    /// A fok order cannot be filled completely at once.
    case cannot_fill
    /// The model has no trained version yet.
    case untrained
    /// The prediction fee is below the model's minimum.
    case fee_too_low
    /// A usage receipt that was settled before.
    case already_settled
    /// A row's feature count differs from the model's.
    case feature_mismatch
    /// Features or a label that are not finite numbers.
    case invalid_features
    /// A model bundle whose hashes or signature do not verify, or that is not a pandactl bundle.
    case bad_bundle
    /// `initial` after the model has supply or a curve trade: initial supply is for registration only.
    case already_trading
    /// The mint or grant would take the model's issuance past its cap (`max_emission` per 365 days).
    case emission_cap
    /// A buy while tokens are out but the reserve is empty: the owner must seed the reserve first.
    case unbacked_supply
    /// The model version's improvement was rewarded already.
    case already_rewarded
    /// A `trained` record whose symbol, version or model hash the ledger does not hold.
    case unknown_version
    /// A `transfer-from` or an access burn for a holder beyond what the holder allowed the spender.
    case allowance_exceeded

    // Signatures and permissions.
    /// The sender's role does not allow this request.
    case not_authorized
    /// The signature is missing, malformed, high-S, or not by `from`.
    case bad_signature
    /// The nonce was used before by this sender.
    case replayed_nonce
    /// The request names another ledger's chain id.
    case wrong_chain
    /// Signing or verification is not available in this build.
    case signing_unavailable
    /// A private key that is not 32 bytes in 1 … n−1 of secp256k1, or not readable as one.
    case invalid_key
    /// The passphrase does not open the keystore (its MAC does not match).
    case bad_passphrase
    /// The key file is not a valid Web3 Secret Storage v3 keystore, or its parameters are unsupported or absurd.
    case bad_keystore
    /// A plain (unencrypted) key file is readable by group or others.
    case key_file_permissions

    // Ledger and files.
    /// The ledger file does not exist.
    case ledger_missing
    /// The file is not a pandactl ledger, or it is corrupt (a stored value that does not read back exactly).
    case ledger_corrupt
    /// The ledger is from a newer pandactl.
    case ledger_too_new
    /// The ledger stayed locked past the busy timeout.
    case ledger_busy
    /// A file already exists where one would be created.
    case file_exists
    /// Reading or writing a file failed.
    case io_error
    /// A backup archive failed its checksum or is not a pandactl backup.
    case bad_backup
    /// `audit` found a broken invariant or a broken journal.
    case audit_failed
    /// The verb exists but is not built yet.
    case not_available
    /// An internal error; a bug.
    case internal_error

    /// What the code means, one line (man pages list every code with it).
    public var summary: String {
        switch self {
        case .malformed_json: "The line is not valid JSON (syntax, UTF-8, nesting, duplicate keys)"
        case .invalid_request: "The line is JSON but not a request object, or a field has the wrong type or form"
        case .missing_field: "A required field is missing"
        case .unknown_field: "A field that this operation does not take"
        case .unknown_op: "The `op` is not an operation of this program"
        case .invalid_amount: "A number not written -?(0|[1-9][0-9]*)(.[0-9]+)? (an exponent only in a JSON number), or out of range or precision"
        case .invalid_account: "An account that is neither a 0x address nor (on open ledgers) a valid name"
        case .line_too_long: "A line longer than the reader's limit"
        case .unknown_record_type: "A line whose `type` names no pandactl record and that is not a request (a misspelt request)"
        case .invalid_text: "Text (a name, symbol, description or category) with control characters or bidirectional overrides"
        case .zero_address: "The zero address as a recipient: tokens or PANDA sent there are lost"
        case .unknown_account: "The account has never been funded and holds nothing"
        case .insufficient_funds: "Not enough PANDA"
        case .self_transfer: "Sender and recipient are the same account"
        case .overflow: "The amount would overflow the ledger's integer range"
        case .unknown_symbol: "No model token has this symbol"
        case .duplicate_symbol: "A model token with this symbol exists already"
        case .ts_not_allowed: "The request carries `ts`, which only the admin (or anyone on an open ledger) may set"
        case .invalid_ts: "A time field (`ts`, `expires`) that is not an RFC 3339 time"
        case .insufficient_tokens: "Not enough model tokens (a sell, transfer or burn of more than is held or outstanding)"
        case .max_supply: "The trade would take a model's supply past its curve's `max_supply`"
        case .slippage: "The cost is above `max_cost`, or the payout below `min_payout`"
        case .rate_limited: "The trade would move the price further from the window's opening price than `max_move` allows"
        case .nothing_to_claim: "There are no dividends owed to claim"
        case .expired: "The signed request's `expires` time has passed; it changes nothing (sign it again with a new nonce)"
        case .ts_out_of_order: "The request's `ts` is earlier than the journal's last entry (journal time never decreases)"
        case .below_threshold: "An improvement below the minimum of 100 bps"
        case .cooldown: "Too soon after the last mint, redemption or reward that the cooldown counts from"
        case .below_minimum: "Less than the operation's minimum amount (e.g. a redemption under the minimum tokens)"
        case .score_too_low: "A model score below the minimum for an initial supply"
        case .already_minted: "The model's initial supply was minted already"
        case .nothing_to_release: "No vested tokens are waiting to be released"
        case .not_due: "A rebalance before the index's period has passed"
        case .unknown_index: "No index fund has this name"
        case .duplicate_index: "An index fund with this name exists already"
        case .unknown_order: "No open order has this id"
        case .would_take: "A post_only order would trade on arrival"
        case .cannot_fill: "A fok order cannot be filled completely at once"
        case .untrained: "The model has no trained version yet"
        case .fee_too_low: "The prediction fee is below the model's minimum"
        case .already_settled: "A usage receipt that was settled before"
        case .feature_mismatch: "A row's feature count differs from the model's"
        case .invalid_features: "Features or a label that are not finite numbers"
        case .bad_bundle: "A model bundle whose hashes or signature do not verify, or that is not byte for byte a pandactl bundle as written"
        case .already_trading: "`initial` after the model has supply or a curve trade: initial supply is for registration only"
        case .emission_cap: "The mint or grant would take the model's issuance past its cap (`max_emission` per 365 days)"
        case .unbacked_supply: "A buy while tokens are out but the reserve is empty: the owner must seed the reserve first"
        case .already_rewarded: "The model version's improvement was rewarded already"
        case .unknown_version: "A `trained` record whose symbol, version or model hash the ledger does not hold"
        case .allowance_exceeded: "A `transfer-from` or an access burn for a holder beyond what the holder allowed the spender"
        case .not_authorized: "The sender's role does not allow this request"
        case .bad_signature: "The signature is missing, malformed, high-S, or not by `from`"
        case .replayed_nonce: "The nonce was used before by this sender"
        case .wrong_chain: "The request names another ledger's chain id"
        case .signing_unavailable: "Signing or verification is not available in this build"
        case .invalid_key: "A private key that is not 32 bytes in 1 … n−1 of secp256k1, or not readable as one"
        case .bad_passphrase: "The passphrase does not open the keystore (its MAC does not match)"
        case .bad_keystore:
            "The key file is not a valid Web3 Secret Storage v3 keystore, or its parameters are unsupported or absurd"
        case .key_file_permissions: "A plain (unencrypted) key file is readable by group or others"
        case .ledger_missing: "The ledger file does not exist"
        case .ledger_corrupt: "The file is not a pandactl ledger, or it is corrupt (a stored value that does not read back exactly)"
        case .ledger_too_new: "The ledger is from a newer pandactl"
        case .ledger_busy: "The ledger stayed locked past the busy timeout"
        case .file_exists: "A file already exists where one would be created"
        case .io_error: "Reading or writing a file failed"
        case .bad_backup: "A backup archive failed its checksum or is not a pandactl backup"
        case .audit_failed: "`audit` found a broken invariant or a broken journal"
        case .not_available: "The verb exists but is not built yet"
        case .internal_error: "An internal error; a bug"
        }
    }

    /// The exit status a single request with this error ends with (stream mode exits 1 instead).
    public var exitStatus: ExitStatus {
        switch self {
        case .malformed_json, .invalid_request, .missing_field, .unknown_field, .unknown_op, .invalid_amount,
            .invalid_account, .line_too_long, .feature_mismatch, .invalid_features, .unknown_record_type, .invalid_text, .zero_address:
            .malformed
        case .unknown_account, .insufficient_funds, .self_transfer, .overflow, .unknown_symbol, .duplicate_symbol, .ts_not_allowed, .invalid_ts,
            .insufficient_tokens, .max_supply, .slippage, .rate_limited, .nothing_to_claim, .expired, .ts_out_of_order, .audit_failed,
            .below_threshold, .cooldown, .below_minimum, .score_too_low, .already_minted, .nothing_to_release, .not_due, .unknown_index, .duplicate_index, .unknown_order, .would_take, .cannot_fill, .untrained, .fee_too_low, .already_settled,
            .already_trading, .emission_cap, .unbacked_supply, .already_rewarded, .unknown_version,
            .allowance_exceeded:
            .rejected
        case .not_authorized, .bad_signature, .replayed_nonce, .wrong_chain, .invalid_key, .bad_passphrase,
            .bad_keystore, .key_file_permissions, .bad_bundle:
            .permission
        case .signing_unavailable, .not_available: .unavailable
        case .ledger_missing: .missing
        case .ledger_corrupt, .ledger_too_new, .io_error, .bad_backup, .file_exists: .ioError
        case .ledger_busy: .busy
        case .internal_error: .software
        }
    }

    /// Errors that concern the ledger or a key as a whole, not one line: they end a stream.
    public var endsStream: Bool {
        switch exitStatus {
        case .missing, .ioError, .busy, .unavailable, .software: true
        case .permission:
            self == .signing_unavailable || self == .invalid_key || self == .bad_passphrase || self == .bad_keystore
                || self == .key_file_permissions
        default: false
        }
    }
}

/// An error with a stable code and a lowercase, subject-first message.
public struct PandaError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String
    /// The request field the error is about, when there is one (`"amount"`).
    public var field: String?

    public init(_ code: ErrorCode, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
