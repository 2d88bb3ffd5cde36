import CFFmpeg

/// One compressed packet (`AVPacket`), freed on deinit.
final class Packet {
    let pointer: UnsafeMutablePointer<AVPacket>

    init() {
        guard let packet = av_packet_alloc() else { fatalError("av_packet_alloc: out of memory") }
        pointer = packet
    }

    func unref() { av_packet_unref(pointer) }

    /// Makes this packet a reference to `source` for remuxing: timestamps moved `offset` earlier (onto
    /// the output's clock) and no byte position from the input file. Call `unref()` when written.
    func reference(_ source: UnsafeMutablePointer<AVPacket>, shiftedBy offset: Int64) throws(MediaError) {
        try AV.check(av_packet_ref(pointer, source), .internalFailure, "Klai could not copy a packet.")
        if pointer.pointee.pts != AV.noPTS { pointer.pointee.pts -= offset }
        if pointer.pointee.dts != AV.noPTS { pointer.pointee.dts -= offset }
        pointer.pointee.pos = -1
    }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&packet)
    }
}

@available(*, unavailable) extension Packet: Sendable {}
