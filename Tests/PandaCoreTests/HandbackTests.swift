#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Testing

@testable import PandaCore

/// Values a worker is done with are released by the thread that takes them back, not by the worker.
@Suite struct HandbackTests {
    final class Tracked: @unchecked Sendable {
        let releasedOn: UnsafeMutablePointer<pthread_t?>
        init(_ releasedOn: UnsafeMutablePointer<pthread_t?>) { self.releasedOn = releasedOn }
        deinit { releasedOn.pointee = pthread_self() }
    }

    @Test func valuesAreReleasedWhereTheyAreTakenBack() throws {
        let count = 3
        let marks = UnsafeMutablePointer<pthread_t?>.allocate(capacity: count)
        marks.initialize(repeating: nil, count: count)
        defer { marks.deallocate() }
        let handback = Handback<Tracked>()
        var values: [Tracked]? = (0..<count).map { Tracked(marks + $0) }
        let box = Box(values!)
        values = nil
        let thread = try #require(BackgroundThread.start {
            for v in box.take() { handback.put(v) }
        })
        pthread_join(thread, nil)
        #expect((0..<count).allSatisfy { marks[$0] == nil })
        handback.takeAll()
        let me = pthread_self()
        #expect((0..<count).allSatisfy { marks[$0].map { pthread_equal($0, me) != 0 } == true })
    }

    /// Hands values to the worker, which then holds the only references.
    final class Box: @unchecked Sendable {
        private var values: [Tracked]
        init(_ values: [Tracked]) { self.values = values }
        func take() -> [Tracked] { defer { values = [] }; return values }
    }
}
