/// RFC 6381 `CODECS` strings for the master playlist.
enum CodecString {
    /// AAC-LC (ISO/IEC 14496-3 audio object type 2).
    static let aacLC = "mp4a.40.2"

    /// `avc1.PPCCLL` from the SPS in an H.264 encoder's or stream's extradata: profile_idc, the
    /// constraint-flag byte and level_idc (RFC 6381 §3.3). Accepts Annex B (start codes, as libx264
    /// writes with a global header) and avcC (ISO/IEC 14496-15, as MP4 demuxers give).
    static func avc(extradata: UnsafeBufferPointer<UInt8>) -> String? {
        let bytes = Array(extradata)
        guard bytes.count >= 4 else { return nil }
        if bytes[0] == 1 {
            // avcC: configurationVersion, AVCProfileIndication, profile_compatibility, AVCLevelIndication.
            return format(bytes[1], bytes[2], bytes[3])
        }
        var i = 0
        while i + 3 < bytes.count {
            if bytes[i] == 0, bytes[i + 1] == 0, bytes[i + 2] == 1 {
                let header = i + 3
                if header + 3 < bytes.count, bytes[header] & 0x1F == 7 {
                    return format(bytes[header + 1], bytes[header + 2], bytes[header + 3])
                }
                i = header
            } else {
                i += 1
            }
        }
        return nil
    }

    private static func format(_ profile: UInt8, _ constraints: UInt8, _ level: UInt8) -> String {
        "avc1."
            + [profile, constraints, level].map { byte in
                let hex = String(byte, radix: 16, uppercase: false)
                return hex.count == 1 ? "0" + hex : hex
            }.joined()
    }
}
