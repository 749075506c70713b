import Testing
@testable import Learning

private func read(_ line: String, expected: Int? = nil, batch: Bool = false) throws(LearningError) -> RowReader {
    var r = RowReader(expectedFeatureCount: expected, allowBatch: batch)
    try r.read(line)
    return r
}

private func code(_ line: String, expected: Int? = nil, batch: Bool = false) -> String? {
    do {
        _ = try read(line, expected: expected, batch: batch)
        return nil
    } catch {
        return error.code
    }
}

@Test func readsARow() throws {
    let r = try read(#"{"features":[1.5,2,-3e-2],"label":0.7}"#)
    #expect(r.values == [1.5, 2, -0.03])
    #expect(r.rowCount == 1 && r.featureCount == 3 && !r.isBatch)
    #expect(r.label == 0.7)
    #expect(Array(r.row(0)) == [1.5, 2, -0.03])
    #expect(try r.requireLabel() == 0.7)
}

@Test func keyOrderWhitespaceAndOtherKeys() throws {
    let line = " \t{ \"id\" : \"a\\\"b\\u00e9\\ud83d\\ude00\" , \"label\":-1 ,\"meta\":{\"x\":[1,{\"y\":null},true,false,\"}\"],\"z\":{}},"
        + "\"features\" :\r\n[ 1 , 2 ] , \"tail\": [[[]]] }  "
    let r = try read(line)
    #expect(r.values == [1, 2])
    #expect(r.label == -1)
}

@Test func escapedKeysAreRecognised() throws {
    let r = try read(#"{"feat\u0075res":[4],"\u006cabel":2}"#)
    #expect(r.values == [4] && r.label == 2)
    // A key that only looks similar is another key.
    #expect(code(#"{"Features":[4]}"#) == "missing_features")
}

@Test func labelIsOptionalForPrediction() throws {
    let r = try read(#"{"features":[1]}"#)
    #expect(r.label == nil)
    #expect(throws: LearningError.missingLabel) { try r.requireLabel() }
}

@Test func trickyNumbers() throws {
    let r = try read(#"{"features":[-0, 1E+2, 0.1e-3, 12345678901234567890123, -0.0, 1e-400, 4.9e-324, 1.7976931348623157e308, 0.30000000000000004, 9007199254740993, 2.2250738585072011e-308, 1e23, 7.0e-10],"label":0}"#)
    #expect(r.values[0] == 0 && r.values[0].sign == .minus)
    #expect(r.values[1] == 100)
    #expect(r.values[2] == 0.0001)
    #expect(r.values[3] == 12345678901234567890123.0)
    #expect(r.values[4].sign == .minus && r.values[4] == 0)
    #expect(r.values[5] == 0 && r.values[5].sign == .plus)
    #expect(r.values[6] == Double(bitPattern: 1))
    #expect(r.values[7] == .greatestFiniteMagnitude)
    #expect(r.values[8] == 0.1 + 0.2)
    #expect(r.values[9] == 9007199254740992)  // the tie rounds to even
    #expect(r.values[10] == Double(bitPattern: 0x000F_FFFF_FFFF_FFFF))
    #expect(r.values[11] == 1e23)
    #expect(r.values[12] == 7e-10)
    #expect(r.label == 0)
}

@Test func batchRows() throws {
    let r = try read(#"{"features":[[1,2],[3,4],[5,6]]}"#, expected: 2, batch: true)
    #expect(r.isBatch && r.rowCount == 3 && r.featureCount == 2)
    #expect(r.values == [1, 2, 3, 4, 5, 6])
    #expect(Array(r.row(2)) == [5, 6])
    #expect(r.withRow(1) { Array($0) } == [3, 4])
    // A single row still reads with batches allowed.
    let single = try read(#"{"features":[1,2]}"#, batch: true)
    #expect(!single.isBatch && single.rowCount == 1)
}

@Test func batchErrors() {
    #expect(throws: LearningError.featureCountMismatch(row: 2, got: 1, expected: 2)) {
        try read(#"{"features":[[1,2],[3]]}"#, batch: true)
    }
    #expect(throws: LearningError.featureCountMismatch(row: 1, got: 2, expected: 3)) {
        try read(#"{"features":[[1,2],[3,4]]}"#, expected: 3, batch: true)
    }
    #expect(code(#"{"features":[[1,2],3]}"#, batch: true) == "invalid_feature")
    #expect(code(#"{"features":[[1,2],[]]}"#, batch: true) == "invalid_feature")
    #expect(code(#"{"features":[[1,"a"]]}"#, batch: true) == "invalid_feature")
    // Without batches a nested list is a non-numeric feature.
    #expect(throws: LearningError.invalidFeature("feature 1 is an array, not a number")) { try read(#"{"features":[[1,2]]}"#) }
}

struct ErrorCase: Sendable, CustomTestStringConvertible {
    var line: String
    var code: String
    var testDescription: String { line }
}

enum ReaderErrorCases {
    static let all: [ErrorCase] = [
        // Not valid JSON.
        ErrorCase(line: "", code: "malformed_json"),
        ErrorCase(line: "   ", code: "malformed_json"),
        ErrorCase(line: #"{"features":[1,2]"#, code: "malformed_json"),
        ErrorCase(line: #"{"features":[1,2],"from":"a","from":"b"}"#, code: "malformed_json"),
        ErrorCase(line: #"{"x":1,"features":[1,2],"\u0078":2}"#, code: "malformed_json"),
        ErrorCase(line: #"{"features":[1,2],}"#, code: "malformed_json"),
        ErrorCase(line: #"{"features":[1,2]} x"#, code: "malformed_json"),
        ErrorCase(line: #"{"features":[01]}"#, code: "malformed_json"),
        ErrorCase(line: #"{"features":[1.]}"#, code: "malformed_json"),
        ErrorCase(line: #"{"features":[.5]}"#, code: "malformed_json"),
        ErrorCase(line: #"{"features":[+1]}"#, code: "malformed_json"),
        ErrorCase(line: #"{"features":[1e]}"#, code: "malformed_json"),
        ErrorCase(line: #"{"features":[-]}"#, code: "malformed_json"),
        ErrorCase(line: #"{"features":[NaN]}"#, code: "malformed_json"),
        ErrorCase(line: #"{"features":[Infinity]}"#, code: "malformed_json"),
        ErrorCase(line: #"{"features":[1],"x":tru}"#, code: "malformed_json"),
        ErrorCase(line: #"{"features":[1],"x":"\q"}"#, code: "malformed_json"),
        ErrorCase(line: #"{"features":[1],"x":"\ud800"}"#, code: "malformed_json"),
        ErrorCase(line: #"{"features":[1],"x":"\udc00"}"#, code: "malformed_json"),
        ErrorCase(line: "{\"features\":[1],\"x\":\"a\tb\"}", code: "malformed_json"),
        ErrorCase(line: #"{"features":[1],"x":[1,2}"#, code: "malformed_json"),
        ErrorCase(line: #"{"features":[1],"x":{"a" 1}}"#, code: "malformed_json"),
        ErrorCase(line: #"{"features":[1],"x":{1:2}}"#, code: "malformed_json"),
        ErrorCase(line: #"{features:[1]}"#, code: "malformed_json"),
        ErrorCase(line: #"{"features":[1],"features":[2]}"#, code: "malformed_json"),
        ErrorCase(line: #"{"features":[1],"label":1,"label":2}"#, code: "malformed_json"),
        // A problem of meaning inside a broken line is still malformed_json.
        ErrorCase(line: #"{"features":["x"],"#, code: "malformed_json"),
        ErrorCase(line: "{\"features\":[1],\"x\":" + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "}",
            code: "malformed_json"),
        // Valid JSON, not an object.
        ErrorCase(line: "[1,2]", code: "not_an_object"),
        ErrorCase(line: "3", code: "not_an_object"),
        ErrorCase(line: #""features""#, code: "not_an_object"),
        ErrorCase(line: "null", code: "not_an_object"),
        // No features.
        ErrorCase(line: "{}", code: "missing_features"),
        ErrorCase(line: #"{"label":1}"#, code: "missing_features"),
        ErrorCase(line: #"{"x":{"features":[1]}}"#, code: "missing_features"),
        // Features that are not numbers.
        ErrorCase(line: #"{"features":["x"]}"#, code: "invalid_feature"),
        ErrorCase(line: #"{"features":[1,null]}"#, code: "invalid_feature"),
        ErrorCase(line: #"{"features":[true]}"#, code: "invalid_feature"),
        ErrorCase(line: #"{"features":[{"a":1}]}"#, code: "invalid_feature"),
        ErrorCase(line: #"{"features":[[1]]}"#, code: "invalid_feature"),
        ErrorCase(line: #"{"features":[]}"#, code: "invalid_feature"),
        ErrorCase(line: #"{"features":"1,2"}"#, code: "invalid_feature"),
        ErrorCase(line: #"{"features":null}"#, code: "invalid_feature"),
        ErrorCase(line: #"{"features":{"a":1}}"#, code: "invalid_feature"),
        // Non-finite.
        ErrorCase(line: #"{"features":[1e999]}"#, code: "non_finite"),
        ErrorCase(line: #"{"features":[-1e309]}"#, code: "non_finite"),
        ErrorCase(line: #"{"features":[1],"label":1e400}"#, code: "non_finite"),
        // Label not numeric.
        ErrorCase(line: #"{"features":[1],"label":"1"}"#, code: "invalid_label"),
        ErrorCase(line: #"{"features":[1],"label":null}"#, code: "invalid_label"),
        ErrorCase(line: #"{"features":[1],"label":[1]}"#, code: "invalid_label"),
        ErrorCase(line: #"{"features":[1],"label":true}"#, code: "invalid_label"),
    ]
}

@Test(arguments: ReaderErrorCases.all)
func readerErrors(_ c: ErrorCase) {
    #expect(code(c.line) == c.code)
}

@Test func errorMessagesSayWhat() {
    #expect(throws: LearningError.invalidFeature("feature 2 is a string, not a number")) { try read(#"{"features":[1,"x"]}"#) }
    #expect(throws: LearningError.invalidFeature("feature 1 is null, not a number")) { try read(#"{"features":[null]}"#) }
    #expect(throws: LearningError.nonFinite("feature 1 (1e999) is too large for a double")) { try read(#"{"features":[1e999]}"#) }
    #expect(throws: LearningError.invalidLabel("label is a string, not a number")) { try read(#"{"features":[1],"label":"1"}"#) }
    #expect(throws: LearningError.notAnObject("an array")) { try read("[1]") }
    #expect(throws: LearningError.featureCountMismatch(row: nil, got: 2, expected: 3)) { try read(#"{"features":[1,2]}"#, expected: 3) }
    #expect(LearningError.featureCountMismatch(row: nil, got: 2, expected: 3).message == "row has 2 features, expected 3")
    #expect(throws: LearningError.malformedJSON("unexpected end of input")) { try read(#"{"features":[1"#) }
}

@Test func invalidUTF8IsMalformed() {
    var reader = RowReader()
    let bad: [UInt8] = Array(#"{"features":[1],"x":""#.utf8) + [0xC3, 0x28] + Array("\"}".utf8)
    let overlong: [UInt8] = Array(#"{"features":[1],"x":""#.utf8) + [0xE0, 0x80, 0x80] + Array("\"}".utf8)
    let surrogate: [UInt8] = Array(#"{"features":[1],"x":""#.utf8) + [0xED, 0xA0, 0x80] + Array("\"}".utf8)
    let good: [UInt8] = Array(#"{"features":[1],"x":""#.utf8) + [0xF0, 0x9F, 0x98, 0x80] + Array("\"}".utf8)
    for bytes in [bad, overlong, surrogate] {
        #expect(throws: LearningError.self) { try bytes.withUnsafeBytes { try reader.read($0) } }
    }
    #expect(throws: Never.self) { try good.withUnsafeBytes { try reader.read($0) } }
}

@Test func readerIsReusableAfterErrors() throws {
    var r = RowReader()
    #expect(throws: LearningError.self) { try r.read(#"{"features":[1,"x"],"label":3}"#) }
    try r.read(#"{"features":[7,8]}"#)
    #expect(r.values == [7, 8] && r.label == nil)
}

/// The d5 rows written by Python's json module read back to the generator's exact doubles.
@Test func pythonJSONLinesReadBackExactly() throws {
    let spec = try #require(dataset("d5"))
    let rows = spec.generate().rows
    let text = try #require(readFile(learningFixtures + "/d5.jsonl"))
    var reader = RowReader(expectedFeatureCount: 5)
    var count = 0
    var start = 0
    try text.withUnsafeBytes { all in
        for i in 0..<all.count where all[i] == 0x0A {
            try reader.read(UnsafeRawBufferPointer(rebasing: all[start..<i]))
            let row = rows[count]
            #expect(reader.values.map(\.bitPattern) == row[0..<5].map(\.bitPattern))
            #expect(reader.label?.bitPattern == row[5].bitPattern)
            count += 1
            start = i + 1
        }
    }
    #expect(count == 1000)
}
