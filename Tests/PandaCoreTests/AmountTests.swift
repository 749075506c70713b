import Testing

@testable import PandaCore

@Test(arguments: [
    ("5.25", "5.25"), ("100", "100"), ("0", "0"), ("0.000000000000000001", "0.000000000000000001"),
    ("1.500000", "1.5"), ("1e3", "1000"), ("1.5E-3", "0.0015"), ("-2.5", "-2.5"), ("000012.10", "12.1"),
    ("170141183460469231731.687303715884105727", "170141183460469231731.687303715884105727"),
])
func amountParsesExactly(text: String, printed: String) throws {
    #expect(try Amount(parsing: text).description == printed)
}

@Test(arguments: ["", "abc", "1.2.3", "1e", "--1", ".", "1e400", "0.0000000000000000001", "1 ", " 1", "0x10", "NaN",
                  "170141183460469231731.687303715884105728", "1e-400"])
func amountRejects(text: String) {
    #expect(throws: DecimalParseError.self) { try Amount(parsing: text) }
}

@Test func amountZeroWithHugeExponentIsZero() throws {
    #expect(try Amount(parsing: "0e400").units == 0)
    #expect(try Amount(parsing: "0.0e-400").units == 0)
}

@Test func amountArithmeticReportsOverflow() throws {
    let max = Amount(units: .max)
    #expect(max.adding(Amount(units: 1)) == nil)
    #expect(Amount(units: .min).subtracting(Amount(units: 1)) == nil)
    #expect(Amount(panda: 2).adding(Amount(panda: 3)) == Amount(panda: 5))
}

@Test func tokensAreWholeNumbers() throws {
    #expect(try ExactDecimal(parsing: "12").scaled(to: 0) == 12)
    #expect(try ExactDecimal(parsing: "1.0").scaled(to: 0) == 1)
    #expect(try ExactDecimal(parsing: "1e2").scaled(to: 0) == 100)
    #expect(throws: DecimalParseError.tooPrecise(maxDecimals: 0)) { try ExactDecimal(parsing: "1.5").scaled(to: 0) }
}

@Test func formatTrimsTrailingZeros() {
    #expect(Amount.format(units: 1_500_000_000_000_000_000, decimals: 18) == "1.5")
    #expect(Amount.format(units: -1, decimals: 18) == "-0.000000000000000001")
    #expect(Amount.format(units: 0, decimals: 18) == "0")
    #expect(Amount.format(units: 42, decimals: 0) == "42")
}
