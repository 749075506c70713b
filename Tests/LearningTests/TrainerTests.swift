import Testing
@testable import Learning

@Test func featureCountIsFixedByTheFirstRow() throws {
    let trainer = try Trainer(algorithm: .linear)
    try trainer.add(features: [1, 2, 3], label: 1)
    try trainer.add(features: [2, 2, 3], label: 2)
    // The trainer names no row: its count of accepted rows is not the caller's input line.
    #expect(throws: LearningError.featureCountMismatch(row: nil, got: 2, expected: 3)) {
        try trainer.add(features: [1, 2], label: 1)
    }
    #expect(LearningError.featureCountMismatch(row: 3, got: 2, expected: 3).message == "row 3 has 2 features, expected 3")
    #expect(LearningError.featureCountMismatch(row: 3, got: 2, expected: 3).code == "feature_count_mismatch")
    #expect(trainer.rowCount == 2)
    #expect(trainer.featureCount == 3)
}

@Test func trainerRejectsNonFiniteValues() throws {
    let trainer = try Trainer(algorithm: .ridge, alpha: 1)
    #expect(throws: LearningError.nonFinite("feature 2 is nan")) { try trainer.add(features: [1, .nan], label: 1) }
    #expect(throws: LearningError.nonFinite("the label is inf")) { try trainer.add(features: [1, 2], label: .infinity) }
    #expect(throws: LearningError.invalidFeature("the row has no features")) { try trainer.add(features: [], label: 1) }
    #expect(trainer.rowCount == 0 && trainer.featureCount == nil)
}

@Test func trainerOptionsAreChecked() {
    #expect(throws: LearningError.invalidOption("ridge needs alpha")) { try Trainer(algorithm: .ridge) }
    #expect(throws: LearningError.self) { try Trainer(algorithm: .ridge, alpha: -1) }
    #expect(throws: LearningError.self) { try Trainer(algorithm: .ridge, alpha: .infinity) }
    #expect(throws: LearningError.self) { try Trainer(algorithm: .linear, holdout: 1) }
    // alpha is ignored by the other algorithms.
    #expect((try? Trainer(algorithm: .linear, alpha: 3))?.alpha == nil)
}

@Test func finishWithoutRowsFails() throws {
    #expect(throws: LearningError.noRows) { _ = try Trainer(algorithm: .linear).finish() }
    #expect(throws: LearningError.noRows) { _ = try Trainer(algorithm: .logistic).finish() }
}

@Test func holdoutThatSelectsNothingFails() throws {
    let trainer = try Trainer(algorithm: .linear, holdout: 0.01)
    // Rows 0 … 4 are not held out at 1% (pinned by the rule).
    let h = try Holdout(fraction: 0.01)
    #expect(!(0..<5).contains { h.isHeldOut($0) })
    for i in 0..<5 { try trainer.add(features: [Double(i)], label: Double(i * i)) }
    #expect(throws: LearningError.noHoldoutRows(rows: 5, holdout: 0.01)) { _ = try trainer.finish() }
}

@Test func hugeValuesOverflowIntoAnError() throws {
    let trainer = try Trainer(algorithm: .linear)
    try trainer.add(features: [1e200], label: 1)
    try trainer.add(features: [-1e200], label: 2)
    try trainer.add(features: [3e200], label: 2)
    do {
        _ = try trainer.finish()
        Issue.record("overflow not reported")
    } catch {
        #expect(error.code == "fit_failed")
    }
}

@Test func errorCodesAreStableAndMapToPandaErrors() {
    let cases: [(LearningError, String)] = [
        (.malformedJSON("x"), "malformed_json"), (.notAnObject("an array"), "not_an_object"),
        (.missingFeatures, "missing_features"), (.invalidFeature("x"), "invalid_feature"), (.nonFinite("x"), "non_finite"),
        (.featureCountMismatch(row: nil, got: 1, expected: 2), "feature_count_mismatch"), (.invalidLabel("x"), "invalid_label"),
        (.missingLabel, "missing_label"), (.invalidOption("x"), "invalid_option"), (.noRows, "no_rows"),
        (.noHoldoutRows(rows: 1, holdout: 0.5), "no_holdout_rows"), (.singleClass(0), "single_class"),
        (.fitFailed("x"), "fit_failed"), (.ioError("x"), "io_error"), (.invalidModel("x"), "invalid_model"),
    ]
    for (error, code) in cases {
        #expect(error.code == code)
        #expect(error.message.first?.isLowercase == true, "\(error.message)")
    }
    #expect(LearningError.missingFeatures.pandaError.code == .missing_field)
    #expect(LearningError.missingFeatures.pandaError.field == "features")
    #expect(LearningError.malformedJSON("x").pandaError.code == .malformed_json)
    #expect(LearningError.ioError("x").pandaError.code == .io_error)
    #expect(LearningError.invalidLabel("x").pandaError.field == "label")
}

@Test func trainerAndModelTakeRowReaders() throws {
    var reader = RowReader()
    let trainer = try Trainer(algorithm: .linear)
    for line in [#"{"features":[1,0],"label":3}"#, #"{"label":5,"features":[2,1]}"#, #"{"features":[3,0],"label":7}"#] {
        try reader.read(line)
        try trainer.add(reader)
    }
    try reader.read(#"{"features":[1,1]}"#)
    #expect(throws: LearningError.missingLabel) { try trainer.add(reader) }
    #expect(trainer.rowCount == 3)
    let model = try trainer.finish().model
    var batch = RowReader(expectedFeatureCount: model.featureCount, allowBatch: true)
    try batch.read(#"{"features":[[0,0],[10,0]]}"#)
    let predictions = model.predict(batch)
    #expect(predictions.count == 2)
    #expect(close(predictions[0].value, 1, 1e-12) && close(predictions[1].value, 21, 1e-12))
}
