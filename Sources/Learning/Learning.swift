// The Learning library: model fitting for `pandactl-train` and predictions for `pandactl-predict`.
//
// - `RowReader`     one JSON line {"features":[...],"label":y} straight from bytes to doubles.
// - `Trainer`       streaming fits (linear, ridge, logistic) in memory O(d²); `TrainingResult`.
// - `RowSpool`      the temporary row file logistic regression makes several passes over.
// - `Holdout`       the deterministic choice of evaluation rows.
// - `FittedModel`   predictions and the canonical model text (hashed for `model_hash`).
// - `roundDecimal`  Python's round(x, n), for the seed's round(p, 4) and round(r2·100, 2).
// - `LearningError` every error, with a stable snake_case `code`.
//
// Pure: no command line, no SQLite, no Foundation; the only I/O is the row spool's file.
