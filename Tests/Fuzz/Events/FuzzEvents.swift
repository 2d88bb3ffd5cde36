// libFuzzer target for the body of POST /api/events: any bytes decode to a batch whose every event
// is within PlaybackEvent.Limits, or are refused with a DecodingError; nothing traps.

import Foundation
import KlaiStore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    let decoder = JSONDecoder()
    guard let batch = try? decoder.decode(EventBatch.self, from: bytes) else { return 0 }
    for event in batch.events {
        precondition(event.item > 0)
        precondition(event.position.isFinite && event.position >= 0 && event.position <= PlaybackEvent.Limits.longestPosition)
        precondition(event.deviceTime >= PlaybackEvent.Limits.earliest && event.deviceTime < PlaybackEvent.Limits.latest)
        precondition((event.rendition?.utf8.count ?? 0) <= PlaybackEvent.Limits.renditionBytes)
        // What the server does next with an accepted event: store its time as text and build its point.
        _ = ISO8601Timestamp.format(event.deviceTime)
        _ = event.point
        _ = event.eventID.blob
    }
    // Encoding and decoding again gives the same events (times to the millisecond).
    if let again = try? JSONEncoder().encode(batch) { _ = try? decoder.decode(EventBatch.self, from: again) }
    return 0
}
