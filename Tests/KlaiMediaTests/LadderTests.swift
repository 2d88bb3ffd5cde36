import Testing

@testable import KlaiMedia

@Suite struct LadderTests {
    @Test func fullHDSourceGetsTheFourSchoolRungsAt16By9() {
        let plan = Ladder.schoolNetwork.plan(for: DisplaySize(width: 1920, height: 1080))
        #expect(plan.map { "\($0.width)x\($0.height)" } == ["416x234", "640x360", "960x540", "1280x720"])
        #expect(plan.map(\.bitRate) == [110_000, 400_000, 1_100_000, 2_200_000])
    }

    @Test func onlyTheThinLinkRungPlaysWithMonoSoundAndATightPeak() {
        let plan = Ladder.schoolNetwork.plan(for: DisplaySize(width: 1920, height: 1080))
        #expect(plan.map(\.audio.name) == ["audio-low", "audio", "audio", "audio"])
        let thin = plan[0]
        // 6 s at the peak rate plus one full buffer, spread over the segment, plus 32 kb/s of sound:
        // under 200 kb/s, the link the lowest variant is for.
        let worstSegment = Double(thin.maxRate) + Double(thin.bufferSize) / 6
        #expect(worstSegment + Double(AudioRendition.thin.bitRate) < 200_000)
        #expect(plan[1].maxRate == plan[1].bitRate * 3 / 2, "the larger rungs keep their 1.5 × peak")
    }

    @Test func sourceBetweenRungsAddsItsOwnSizeAndNothingLarger() {
        let plan = Ladder.schoolNetwork.plan(for: DisplaySize(width: 854, height: 480))
        #expect(plan.map(\.height) == [234, 360, 480])
        #expect(plan.allSatisfy { $0.width % 2 == 0 && $0.height % 2 == 0 })
        let rate = plan[2].bitRate
        #expect(rate > 400_000 && rate < 1_100_000)
    }

    @Test func tinySourceIsKeptAtItsOwnSize() {
        let plan = Ladder.schoolNetwork.plan(for: DisplaySize(width: 176, height: 144))
        #expect(plan.map { "\($0.width)x\($0.height)" } == ["176x144"])
    }

    @Test func anamorphicPALShowsAtSixteenByNine() {
        let display = DisplaySize(width: 720, height: 576, sampleAspect: .init(num: 64, den: 45), rotation: 0)
        #expect(display == DisplaySize(width: 1024, height: 576))
        let plan = Ladder.schoolNetwork.plan(for: display)
        #expect(plan.map(\.height) == [234, 360, 540, 576])
        #expect(plan.last?.width == 1024)
    }

    @Test func ladderTextParsesHeightsAndRates() {
        #expect(Ladder(parsing: "360:400,540:1100")?.rungs == [.init(height: 360, bitRate: 400_000), .init(height: 540, bitRate: 1_100_000)])
        #expect(Ladder(parsing: "720p,234")?.rungs.map(\.height) == [234, 720])
        #expect(Ladder(parsing: "fast") == nil)
        #expect(Ladder(parsing: "360:-5") == nil)
    }

    @Test func codecStringComesFromTheSPSInAnnexBOrAvcC() {
        let annexB: [UInt8] = [0, 0, 0, 1, 0x67, 0x64, 0x00, 0x1F, 0xAC, 0, 0, 1, 0x68, 0xEE]
        let avcC: [UInt8] = [1, 0x4D, 0x40, 0x1E, 0xFF, 0xE1]
        #expect(annexB.withUnsafeBufferPointer { CodecString.avc(extradata: $0) } == "avc1.64001f")
        #expect(avcC.withUnsafeBufferPointer { CodecString.avc(extradata: $0) } == "avc1.4d401e")
        #expect([UInt8]([0, 0, 1, 0x68]).withUnsafeBufferPointer { CodecString.avc(extradata: $0) } == nil)
    }
}
