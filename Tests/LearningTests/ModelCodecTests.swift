import Testing
@testable import Learning

@Test func encodingIsCanonical() {
    let m = FittedModel(algorithm: .ridge, intercept: 3, coefficients: [0.5, -2.25e-05], alpha: 1)
    #expect(m.encoded == #"{"algo":"ridge","alpha":1.0,"coefficients":[0.5,-2.25e-05],"features":2,"format":1,"intercept":3.0}"#)
    let l = FittedModel(algorithm: .linear, intercept: -0.0, coefficients: [1e16, Double(bitPattern: 1)], alpha: 7)
    #expect(l.alpha == nil)
    #expect(l.encoded == #"{"algo":"linear","coefficients":[1e+16,5e-324],"features":2,"format":1,"intercept":-0.0}"#)
    #expect(m.encodedBytes == Array(m.encoded.utf8))
}

private func bitsEqual(_ a: FittedModel, _ b: FittedModel) -> Bool {
    a.algorithm == b.algorithm && a.intercept.bitPattern == b.intercept.bitPattern
        && a.coefficients.map(\.bitPattern) == b.coefficients.map(\.bitPattern) && a.alpha?.bitPattern == b.alpha?.bitPattern
}

@Test func roundTripsBitExactly() throws {
    let specials: [Double] = [
        0, -0.0, Double(bitPattern: 1), -Double(bitPattern: 1), Double(bitPattern: 0x000F_FFFF_FFFF_FFFF), .leastNormalMagnitude, .greatestFiniteMagnitude,
        -.greatestFiniteMagnitude, 1e-5, 1e21, 1e22, 0.1, 1 / 3, 123456789012345680, 1.5, -1,
    ]
    var g = Generator(state: 99)
    var values = specials
    while values.count < 5000 {
        let x = Double(bitPattern: g.next())
        if x.isFinite { values.append(x) }
    }
    for start in stride(from: 0, to: values.count, by: 50) {
        let chunk = Array(values[start..<min(values.count, start + 50)])
        for algorithm in Algorithm.allCases {
            let m = FittedModel(algorithm: algorithm, intercept: chunk[0], coefficients: Array(chunk.dropFirst()),
                alpha: algorithm == .ridge ? chunk.last! : nil)
            let text = m.encoded
            let back = try FittedModel(decoding: text)
            #expect(bitsEqual(m, back), "\(text)")
            #expect(back.encoded == text)
            let fromBytes = try text.utf8CString.withUnsafeBytes { b in
                try FittedModel(decoding: UnsafeRawBufferPointer(rebasing: b[0..<(b.count - 1)]))
            }
            #expect(bitsEqual(m, fromBytes))
        }
    }
}

@Test func decodingRejectsNonCanonicalText() {
    let bad = [
        #"{"algo":"linear","coefficients":[1.0],"features":1,"format":1,"intercept":0.0} "#,
        #"{"coefficients":[1.0],"algo":"linear","features":1,"format":1,"intercept":0.0}"#,
        #"{"algo":"linear","coefficients":[1],"features":1,"format":1,"intercept":0.0}"#,
        #"{"algo":"linear","coefficients":[1.0],"features":2,"format":1,"intercept":0.0}"#,
        #"{"algo":"linear","coefficients":[1.0],"features":1,"format":2,"intercept":0.0}"#,
        #"{"algo":"linear","coefficients":[1.0],"features":1,"format":1,"intercept":1e999}"#,
        #"{"algo":"lasso","coefficients":[1.0],"features":1,"format":1,"intercept":0.0}"#,
        #"{"algo":"ridge","coefficients":[1.0],"features":1,"format":1,"intercept":0.0}"#,
        #"{"algo":"linear","alpha":1.0,"coefficients":[1.0],"features":1,"format":1,"intercept":0.0}"#,
        #"{"algo":"linear","coefficients":[1.0],"extra":1,"features":1,"format":1,"intercept":0.0}"#,
        #"{"algo":"linear","coefficients":["1.0"],"features":1,"format":1,"intercept":0.0}"#,
        #"["linear"]"#, "", "{",
    ]
    for text in bad {
        #expect(throws: LearningError.self, "\(text)") { try FittedModel(decoding: text) }
        do {
            _ = try FittedModel(decoding: text)
        } catch {
            #expect(error.code == "invalid_model")
        }
    }
    #expect(throws: Never.self) {
        try FittedModel(decoding: #"{"algo":"linear","coefficients":[1.0],"features":1,"format":1,"intercept":0.0}"#)
    }
}

@Test func linearPredictionSumsTheDotProductThenTheIntercept() {
    let m = FittedModel(algorithm: .linear, intercept: 1e16, coefficients: [1, 1])
    // (1 + 1) + 1e16 is 1e16 + 2; 1e16 + 1 + 1 would round to 1e16.
    #expect(m.predict([1, 1]).value == 1e16 + 2)
    #expect(m.predict([1, 1]).probability == nil)
    #expect(m.featureCount == 2)
}

// MARK: - Rounding like Python

@Test func roundsLikePython() throws {
    #expect(roundDecimal(2.675, places: 2) == 2.67)
    #expect(roundDecimal(0.125, places: 2) == 0.12)
    #expect(roundDecimal(0.375, places: 2) == 0.38)
    #expect(roundDecimal(2.5, places: 0) == 2)
    #expect(roundDecimal(3.5, places: 0) == 4)
    #expect(roundDecimal(-0.001, places: 2).sign == .minus)
    #expect(roundDecimal(1.23456789, places: 4) == 1.2346)
    #expect(roundDecimal(.infinity, places: 4) == .infinity)
    #expect(roundDecimal(-0.0, places: 4).sign == .minus)

    let cases = try #require(readJSON("rounding.json")?.arrayValue)
    #expect(cases.count > 3000)
    var failures: [String] = []
    for c in cases {
        let a = try #require(c.arrayValue)
        let x = try #require(a[0].double)
        let n = Int(try #require(a[1].numberValue?.int64Value))
        let expected = try #require(a[2].double)
        let ours = roundDecimal(x, places: n)
        if ours.bitPattern != expected.bitPattern { failures.append("round(\(x), \(n)) = \(expected), ours \(ours)") }
    }
    #expect(failures.isEmpty, "\(failures.prefix(10))")
}
