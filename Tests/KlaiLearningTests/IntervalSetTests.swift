import Foundation
import Testing

@testable import KlaiLearning

@Suite struct IntervalSetTests {
    @Test func mergesOverlappingAndTouchingIntervalsInAnyOrder() {
        var set = IntervalSet()
        set.insert(30...40)
        set.insert(0...10)
        set.insert(10...20)
        set.insert(35...50)
        set.insert(60...70)
        #expect(set.intervals == [0...20, 30...50, 60...70])
        set.insert(5...65)
        #expect(set.intervals == [0...70])
        #expect(set.length == 70)
    }

    @Test func roundTripsItsStoredForm() {
        let set = IntervalSet([0...12.5, 30...45.25])
        #expect(set.description == "0.0-12.5,30.0-45.25")
        #expect(IntervalSet(stored: set.description) == set)
        #expect(IntervalSet(stored: "") == IntervalSet())
        #expect(IntervalSet(stored: "5-") == nil)
    }

    @Test func timelineCreditsOnlyWhatWasPlayed() {
        // Play 0–60, seek ahead to 300, play to 360, rewind to 30, play to 90.
        let timeline = PlaybackTimeline(points: [
            .init(kind: .started, position: 0, time: 0), .init(kind: .progress, position: 60, time: 60),
            .init(kind: .seeked, position: 300, from: 60, time: 61), .init(kind: .progress, position: 360, time: 121),
            .init(kind: .seeked, position: 30, from: 360, time: 122), .init(kind: .paused, position: 90, time: 182)
        ])
        #expect(timeline.played.intervals == [0...90, 300...360])
        #expect(timeline.secondsPlayed == 180)
        #expect(timeline.lastPosition == 90 && !timeline.isPlaying)
    }

    @Test func aJumpFasterThanPlaybackIsAnUnreportedSeekAndCountsNothing() {
        let timeline = PlaybackTimeline(points: [
            .init(kind: .started, position: 0, time: 0), .init(kind: .progress, position: 10, time: 10),
            .init(kind: .progress, position: 400, time: 20), .init(kind: .progress, position: 410, time: 30)
        ])
        #expect(timeline.played.intervals == [0...10, 400...410])
    }

    @Test func nothingIsCreditedWhilePaused() {
        let timeline = PlaybackTimeline(points: [
            .init(kind: .started, position: 0, time: 0), .init(kind: .paused, position: 20, time: 20),
            .init(kind: .seeked, position: 25, from: 20, time: 300), .init(kind: .started, position: 25, time: 301),
            .init(kind: .ended, position: 35, time: 311)
        ])
        #expect(timeline.played.intervals == [0...20, 25...35])
    }
}

@Suite struct IntervalSetStoredFormTests {
    @Test func tinyAndHugeBoundsAreWrittenInPlainDecimalsAndReadBackExactly() throws {
        let set = IntervalSet([0.00005...0.5, 1e-7...2e-7, 120.25...1e17])
        #expect(set.description == "0.0000001-0.0000002,0.00005-0.5,120.25-100000000000000000.0")
        #expect(!set.description.contains("e"))
        #expect(IntervalSet(stored: set.description) == set)
    }

    @Test func whatOlderVersionsWroteWithExponentsStillReads() throws {
        let set = try #require(IntervalSet(stored: "5e-05-10.0,20.0-30.0"))
        #expect(set.intervals == [0.00005...10, 20...30])
        #expect(IntervalSet(stored: "abc-1") == nil && IntervalSet(stored: "-1") == nil && IntervalSet(stored: "nan-inf") == nil)
    }

    @Test func randomBoundsSurviveAWriteAndReRead() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let a = Double.random(in: 0...1, using: &generator) * pow(10, Double(Int.random(in: -9...6, using: &generator)))
            let b = a + Double.random(in: 0...1_000, using: &generator)
            let set = IntervalSet([a...b])
            #expect(IntervalSet(stored: set.description) == set, "\(a)...\(b) → \(set.description)")
        }
    }

    @Test func theQuickPathsWriteAndReadExactlyWhatTheGeneralOnesDo() throws {
        // Whole seconds are written digit by digit and short decimals read without strtod: both must give the
        // very text and the very Double of the general paths, or a stored set would change on its next write.
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, 1, 9, 10, 1799, 86_400, 999_999_999_999_999, 1e15, 0.1, 0.3, 2.675, 1e-7]
        for _ in 0..<5_000 {
            let scale = pow(10, Double(Int.random(in: -6...14, using: &generator)))
            let value = Double.random(in: 0...1, using: &generator) * scale
            values += [value, value.rounded(), (value * 1000).rounded() / 1000]
        }
        for value in values {
            var bytes: [UInt8] = []
            IntervalSet.appendPlain(value, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == IntervalSet.plain(value), "\(value)")
            let text = IntervalSet.plain(value)
            let read = try #require(IntervalSet(stored: "\(text)-1000000000000000000.0"), "\(text)")
            #expect(read.intervals.first?.lowerBound == Double(text), "\(text)")
        }
    }
}
