import Foundation
import KlaiCrypto

/// The writer thread's state: the open day file and its running chain value.
struct TrafficWriter {
    var day = ""
    var chain: [UInt8] = []
    var count = 0
    var handle: FileHandle?
    /// Signs each head written; `nil` only in a read-only log, which writes nothing.
    let key: [UInt8]?
    /// Gets each head after its file is written (`klai serve`: the database's copy).
    let headSink: TrafficHeadSink?

    init(key: [UInt8]?, headSink: TrafficHeadSink? = nil) {
        self.key = key
        self.headSink = headSink
    }

    mutating func append(_ records: [TrafficRecord], directory: String) {
        var text = ""
        for record in records {
            let recordDay = TrafficLine.day(record.seconds)
            if recordDay != day {
                write(&text, directory: directory)
                open(day: recordDay, directory: directory)
            }
            let line = TrafficLine.format(record)
            chain = TrafficLine.chain(chain, line)
            count += 1
            text += line + "\t" + SHA256.hex(chain) + "\n"
        }
        write(&text, directory: directory)
    }

    private mutating func write(_ text: inout String, directory: String) {
        guard !text.isEmpty, let handle, let key else { return }
        try? handle.write(contentsOf: Data(text.utf8))
        text = ""
        // Lines on disk before the head that counts them (fsync(2)): after a power cut the head is
        // at most behind the file, which reopening repairs (TrafficLog+Recovery), never ahead of it.
        try? handle.synchronize()
        // The head lives in its own file, replaced durably: editing or truncating the day file no
        // longer matches it, and without the key the head cannot be rewritten to match.
        let head = TrafficHead.signed(day: day, count: count, chain: chain, key: key)
        guard (try? head.write(to: "\(directory)/heads/\(day).head")) != nil else { return }
        // Second, the copy outside the files: it may lag the head file (a crash between the two), never
        // lead it, which is the order `verify` expects (TrafficDayHead).
        headSink?(TrafficDayHead(day: day, lines: count, chain: chain))
    }

    /// Opens a day's file for appending and resumes its chain from the last line.
    private mutating func open(day: String, directory: String) {
        try? handle?.close()
        self.day = day
        let path = "\(directory)/\(day).log"
        chain = TrafficLine.genesis(day: day)
        count = 0
        if let reader = FileHandle(forReadingAtPath: path) {
            // Count lines and keep the last one, a megabyte at a time: a busy day is 100 MB or more.
            var lastLine: [UInt8] = []
            var current: [UInt8] = []
            while let chunk = try? reader.read(upToCount: 1 << 20), !chunk.isEmpty {
                chunk.withUnsafeBytes { bytes in
                    var lineStart = 0
                    for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
                        current += bytes[lineStart..<index]
                        if !current.isEmpty { lastLine = current; count += 1 }
                        current.removeAll(keepingCapacity: true)
                        lineStart = index + 1
                    }
                    current += bytes[lineStart...]
                }
            }
            try? reader.close()
            if let tab = lastLine.lastIndex(of: UInt8(ascii: "\t")) {
                chain = TrafficVerifier.bytes(fromHex: String(decoding: lastLine[(tab + 1)...], as: UTF8.self)) ?? chain
            }
        } else {
            _ = FileManager.default.createFile(
                atPath: path, contents: nil,
                attributes: [.posixPermissions: Int(TrafficFiles.fileMode)])
            TrafficFiles.syncFolder(of: path)
        }
        handle = FileHandle(forWritingAtPath: path)
        _ = try? handle?.seekToEnd()
    }
}
