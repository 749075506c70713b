// Logistic fits against scikit-learn: coefficients and probabilities against a tightly converged
// reference (solver newton-cholesky, tol 1e-12) within 1e-6 relative-or-absolute; accuracy within
// 1 percentage point of the default LogisticRegression() (lbfgs, tol 1e-4) and within 1e-9 of the
// tight reference's.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Testing
@testable import Learning

struct LogisticCase: Sendable, CustomTestStringConvertible {
    var dataset: String
    var holdout: Double
    var testDescription: String { "\(dataset) holdout \(holdout)" }
}

enum LogisticCases {
    static let all: [LogisticCase] = ["logit_d2", "logit_d5", "logit_sep", "logit_100k"].flatMap { name in
        [0.0, 0.25].map { LogisticCase(dataset: name, holdout: $0) }
    }
}

@Test(arguments: LogisticCases.all)
func logisticMatchesScikitLearn(_ c: LogisticCase) throws {
    let spec = try #require(dataset(c.dataset))
    let (rows, checksum) = spec.generate()
    #expect(checksum == spec.checksum)
    let expected = try #require(spec.expected["logistic@\(c.holdout)"])
    let result = try train(rows, .logistic, holdout: c.holdout)

    let trainingRows = try #require(expected["training_rows"]?.numberValue?.int64Value)
    let holdoutRows = try #require(expected["holdout_rows"]?.numberValue?.int64Value)
    #expect(result.trainingRows == Int(trainingRows))
    #expect(result.holdoutRows == Int(holdoutRows))
    #expect(result.r2 == nil)
    #expect(result.model.algorithm == .logistic && result.model.alpha == nil)
    let iterations = try #require(result.iterations)
    #expect(iterations >= 2 && iterations < 100)

    let tight = try #require(expected["tight_coefficients"]?.doubles)
    for (i, (ours, theirs)) in zip(result.model.coefficients, tight).enumerated() {
        #expect(close(ours, theirs, 1e-6), "coefficient \(i): \(ours) vs sklearn \(theirs)")
    }
    let tightIntercept = try #require(expected["tight_intercept"]?.double)
    #expect(close(result.model.intercept, tightIntercept, 1e-6), "intercept \(result.model.intercept) vs \(tightIntercept)")
    // The default lbfgs solution is only converged to its gradient tolerance.
    let lbfgs = try #require(expected["coefficients"]?.doubles)
    for (ours, theirs) in zip(result.model.coefficients, lbfgs) {
        #expect(close(ours, theirs, 0.05), "coefficient \(ours) vs lbfgs \(theirs)")
    }

    let accuracy = try #require(result.accuracy)
    let sklearnAccuracy = try #require(expected["accuracy"]?.double)
    #expect(abs(accuracy - sklearnAccuracy) <= 1, "accuracy \(accuracy) vs sklearn \(sklearnAccuracy)")
    let tightAccuracy = try #require(expected["tight_accuracy"]?.double)
    #expect(abs(accuracy - tightAccuracy) <= 1e-9, "accuracy \(accuracy) vs tight sklearn \(tightAccuracy)")

    let queries = try #require(expected["rows"]?.arrayValue?.map { $0.doubles! })
    let classes = try #require(expected["tight_classes"]?.doubles)
    let probabilities = try #require(expected["tight_probabilities"]?.doubles)
    for (i, row) in queries.enumerated() {
        let p = result.model.predict(row)
        let probability = try #require(p.probability)
        #expect(close(probability, probabilities[i], 1e-6), "probability \(probability) vs \(probabilities[i])")
        #expect(p.value == classes[i])
    }
}

@Test func logisticRejectsLabelsOtherThanZeroAndOne() throws {
    let trainer = try Trainer(algorithm: .logistic)
    try trainer.add(features: [1, 2], label: 1)
    try trainer.add(features: [1, 3], label: 0)
    #expect(throws: LearningError.invalidLabel("logistic labels must be 0 or 1, got 0.5")) {
        try trainer.add(features: [1, 2], label: 0.5)
    }
    do {
        try trainer.add(features: [1, 2], label: 2)
        Issue.record("label 2 accepted")
    } catch {
        #expect(error.code == "invalid_label")
    }
    #expect(trainer.rowCount == 2)
    // -0.0 is 0.
    try trainer.add(features: [2, 2], label: -0.0)
    #expect(trainer.rowCount == 3)
}

@Test func logisticNeedsBothClasses() throws {
    let trainer = try Trainer(algorithm: .logistic)
    for i in 0..<10 { try trainer.add(features: [Double(i)], label: 1) }
    #expect(throws: LearningError.singleClass(1)) { _ = try trainer.finish() }
}

@Test func logisticPredictionIsClassWithProbabilityOfOne() {
    let model = FittedModel(algorithm: .logistic, intercept: 0, coefficients: [2])
    let high = model.predict([1])
    #expect(high.value == 1)
    #expect(close(high.probability!, 1 / (1 + exp(-2)), 1e-15))
    let low = model.predict([-1])
    #expect(low.value == 0)
    #expect(close(low.probability!, 1 / (1 + exp(2)), 1e-15))
    // Decision value exactly 0 → class 0 (scikit-learn predicts class 1 only for z > 0).
    let tie = model.predict([0])
    #expect(tie.value == 0 && tie.probability == 0.5)
    // No overflow far out.
    #expect(model.predict([1e6]).probability == 1)
    #expect(model.predict([-1e6]).probability == 0)
}
