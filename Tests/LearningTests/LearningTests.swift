import Testing
@testable import Learning

// The tests are in the files beside this one: RegressionTests, LogisticTests, RowReaderTests,
// NumberTests, ModelCodecTests, RowSpoolTests, TrainerTests.
