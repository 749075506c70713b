// Errors of the Learning library: one enum, each case with a stable snake_case `code`.

import PandaCore

/// Why a row, a fit, a spool or a model text was rejected.
///
/// `code` is stable (never rename one once shipped); `message` is lowercase, subject first.
/// `pandaError` maps each case onto the ledger-wide `ErrorCode`s for `error` records.
public enum LearningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The row is not valid JSON (syntax, UTF-8, nesting deeper than 128, a repeated
    /// `features` or `label` key).
    case malformedJSON(String)
    /// The row is valid JSON but not an object.
    case notAnObject(String)
    /// The row has no `features` member.
    case missingFeatures
    /// `features` is not a non-empty array of numbers (or, for prediction, of equal-length rows of
    /// numbers): a string, `null`, a boolean, an object or a misplaced array was found.
    case invalidFeature(String)
    /// A number overflows a double (`1e999`), or a value given to the trainer is NaN or infinite.
    case nonFinite(String)
    /// A row's feature count differs from the model's or from the first row's.
    case featureCountMismatch(row: Int?, got: Int, expected: Int)
    /// `label` is not a number, or (logistic) not 0 or 1.
    case invalidLabel(String)
    /// A training row without `label`.
    case missingLabel
    /// A training option is out of range (holdout not in [0, 1), alpha negative or not finite, …).
    case invalidOption(String)
    /// `finish()` was called without a single training row.
    case noRows
    /// A holdout fraction above 0 selected no rows (too few rows for that fraction).
    case noHoldoutRows(rows: Int, holdout: Double)
    /// Logistic training rows hold only one class.
    case singleClass(Double)
    /// The arithmetic overflowed (values too large to square, about |x| > 1e150).
    case fitFailed(String)
    /// The row spool's file could not be created, written or read.
    case ioError(String)
    /// A model text is not a canonical pandactl model encoding.
    case invalidModel(String)

    /// The stable snake_case code.
    public var code: String {
        switch self {
        case .malformedJSON: "malformed_json"
        case .notAnObject: "not_an_object"
        case .missingFeatures: "missing_features"
        case .invalidFeature: "invalid_feature"
        case .nonFinite: "non_finite"
        case .featureCountMismatch: "feature_count_mismatch"
        case .invalidLabel: "invalid_label"
        case .missingLabel: "missing_label"
        case .invalidOption: "invalid_option"
        case .noRows: "no_rows"
        case .noHoldoutRows: "no_holdout_rows"
        case .singleClass: "single_class"
        case .fitFailed: "fit_failed"
        case .ioError: "io_error"
        case .invalidModel: "invalid_model"
        }
    }

    /// A lowercase message, subject first.
    public var message: String {
        switch self {
        case .malformedJSON(let m): m
        case .notAnObject(let kind): "row is \(kind), not an object"
        case .missingFeatures: "row has no features"
        case .invalidFeature(let m): m
        case .nonFinite(let m): m
        case .featureCountMismatch(let row, let got, let expected):
            if let row {
                "row \(row) has \(got) feature\(got == 1 ? "" : "s"), expected \(expected)"
            } else {
                "row has \(got) feature\(got == 1 ? "" : "s"), expected \(expected)"
            }
        case .invalidLabel(let m): m
        case .missingLabel: "row has no label"
        case .invalidOption(let m): m
        case .noRows: "no training rows"
        case .noHoldoutRows(let rows, let holdout):
            "holdout \(holdout) selected none of \(rows) row\(rows == 1 ? "" : "s")"
        case .singleClass(let c): "every training label is \(c == 0 ? "0" : "1"); logistic needs both classes"
        case .fitFailed(let m): m
        case .ioError(let m): m
        case .invalidModel(let m): m
        }
    }

    public var description: String { "\(code): \(message)" }

    /// The ledger-wide error for an `error` record: row problems are `invalid_request` (or
    /// `malformed_json` / `missing_field`; non-numeric or non-finite values `invalid_features`, a wrong count `feature_mismatch`), spool failures `io_error`, fit failures `invalid_request`.
    public var pandaError: PandaError {
        switch self {
        case .malformedJSON: PandaError(.malformed_json, message)
        case .notAnObject: PandaError(.invalid_request, message)
        case .missingFeatures: PandaError(.missing_field, message, field: "features")
        case .invalidFeature, .nonFinite: PandaError(.invalid_features, message, field: "features")
        case .featureCountMismatch: PandaError(.feature_mismatch, message, field: "features")
        case .invalidLabel: PandaError(.invalid_features, message, field: "label")
        case .missingLabel: PandaError(.missing_field, message, field: "label")
        case .invalidOption, .noRows, .noHoldoutRows, .singleClass, .fitFailed, .invalidModel:
            PandaError(.invalid_request, message)
        case .ioError: PandaError(.io_error, message)
        }
    }
}
