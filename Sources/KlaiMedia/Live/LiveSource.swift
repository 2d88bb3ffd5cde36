import Foundation

/// Where a live channel comes from: an HLS playlist, an HTTP MPEG-TS stream, or UDP/RTP (often
/// multicast) from a satellite-to-IP receiver on the school's network.
public struct LiveSource: Sendable, Equatable, Codable {
    /// The kinds of upstream Klai can pull.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case hls
        case httpTS = "http-ts"
        case udp
        case rtp
    }

    /// The address as the admin gave it (`http://…/index.m3u8`, `http://…/stream.ts`, `udp://239.1.1.1:5000`).
    public let url: String
    /// How libavformat is asked to read it.
    public let kind: Kind

    /// Checks `url` and works out its kind from the scheme and, for HTTP, the path.
    /// - Throws: `MediaError.Kind.notMedia` with a sentence when the address is not one Klai can pull.
    public init(url: String) throws(MediaError) {
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw MediaError(.notMedia, "\(url) is not an address Klai can read a live channel from.")
        }
        switch scheme {
        case "http", "https":
            kind = components.path.lowercased().hasSuffix(".m3u8") ? .hls : .httpTS
        case "udp":
            kind = .udp
        case "rtp":
            kind = .rtp
        default:
            throw MediaError(.notMedia, "A live source must start with http://, https://, udp:// or rtp://, not \(scheme)://.")
        }
        self.url = trimmed
    }

    /// libavformat options for opening this source (each is an AVOption of the protocol or demuxer:
    /// `ffmpeg -h protocol=udp`, `ffmpeg -h demuxer=hls`).
    ///
    /// Every read has a time limit so a silent upstream becomes an error the relay reconnects from,
    /// and UDP gets a large receive queue that drops the oldest data rather than failing when Klai
    /// is briefly busy.
    func openOptions(stallTimeout: Double) -> [(String, String)] {
        let microseconds = String(Int64(max(0.5, min(stallTimeout, 3600)) * 1_000_000))
        var options: [(String, String)] = [("analyzeduration", "3000000"), ("probesize", "5000000")]
        switch kind {
        case .hls:
            options += [
                ("rw_timeout", microseconds), ("http_persistent", "1"), ("http_multiple", "0"),
                ("live_start_index", "-2")
            ]
        case .httpTS:
            options += [("rw_timeout", microseconds)]
        case .udp, .rtp:
            // fifo_size counts 188-byte packets: about 8 MB, several seconds of a satellite multiplex.
            options += [
                ("timeout", microseconds), ("fifo_size", "45000"), ("overrun_nonfatal", "1"),
                ("buffer_size", "4194304")
            ]
        }
        return options
    }
}
