import CFFmpeg

/// An owned `AVCodecContext` (decoder or encoder), freed on deinit.
final class CodecContext {
    let pointer: UnsafeMutablePointer<AVCodecContext>
    let codec: UnsafePointer<AVCodec>

    init(codec: UnsafePointer<AVCodec>) {
        guard let context = avcodec_alloc_context3(codec) else { fatalError("avcodec_alloc_context3: out of memory") }
        self.codec = codec
        pointer = context
    }

    /// Opens the codec with options (`avcodec_open2`); options it did not use are ignored.
    func open(options: [String: String] = [:], failure: @autoclosure () -> String) throws(MediaError) {
        var dictionary: OpaquePointer? = nil
        for (key, value) in options { av_dict_set(&dictionary, key, value, 0) }
        defer { av_dict_free(&dictionary) }
        try AV.check(avcodec_open2(pointer, codec, &dictionary), .internalFailure, failure())
        // avcodec_open2 leaves the options nobody used in the dictionary: a misspelt option is a bug.
        if let unused = av_dict_get(dictionary, "", nil, AV_DICT_IGNORE_SUFFIX) {
            throw MediaError(.internalFailure, failure(), detail: "unknown option \(String(cString: unused.pointee.key))")
        }
    }

    deinit {
        var context: UnsafeMutablePointer<AVCodecContext>? = pointer
        avcodec_free_context(&context)
    }
}

@available(*, unavailable) extension CodecContext: Sendable {}
