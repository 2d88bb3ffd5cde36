import Foundation
import KlaiCatalog
import KlaiMedia
import KlaiStore

/// `klai live add CHANNEL URL`: relay a channel from its upstream (and record its periods with `--record`).
enum LiveAddCommand: Command {
    static let spec = CommandSpec(
        name: ["live", "add"], summary: "Relay a DLTV channel live on the LAN from an HLS, HTTP MPEG-TS or UDP/RTP source.",
        arguments: "CHANNEL URL",
        options: LibraryLocation.options + [
            CatalogCommand.catalogOption,
            OptionSpec("record", help: "Also record each timetable period of the channel into the catalog."),
            OptionSpec("pre-roll", value: "SECONDS", help: "Seconds recorded before each period (default 30)."),
            OptionSpec("post-roll", value: "SECONDS", help: "Seconds recorded after each period (default 30).")
        ],
        positionalCount: 2...2)

    static func run(_ invocation: Invocation) throws -> Int32 {
        let (store, _, _) = try CatalogCommand.open(invocation)
        func seconds(_ name: String) throws -> Int {
            guard let text = invocation.value(name) else { return 30 }
            guard let value = Int(text), (0...600).contains(value) else {
                throw UsageError(spec: spec, problem: "--\(name) takes whole seconds from 0 to 600, not '\(text)'")
            }
            return value
        }
        let channel = LiveChannel(
            channel: invocation.positionals[0].uppercased(), sourceURL: invocation.positionals[1],
            records: invocation.flag("record"), preRoll: try seconds("pre-roll"),
            postRoll: try seconds("post-roll"))
        try store.writeSync { db in try LiveChannel.save(channel, in: db) }
        print(
            "\(channel.channel): relayed from \(channel.sourceURL)"
                + (channel.records ? ", recording each period (\(channel.preRoll) s before, \(channel.postRoll) s after)" : ""))
        print("a running 'klai serve' picks this up within a few seconds")
        return 0
    }
}

/// `klai live list`.
enum LiveListCommand: Command {
    static let spec = CommandSpec(
        name: ["live", "list"], summary: "List the channels Klai relays and records.",
        options: LibraryLocation.options + [CatalogCommand.catalogOption])

    static func run(_ invocation: Invocation) throws -> Int32 {
        let (store, _, _) = try CatalogCommand.open(invocation)
        let channels = try store.readSync { db in try LiveChannel.all(in: db) }
        if channels.isEmpty { print("no live channels; add one with 'klai live add CHANNEL URL'") }
        for channel in channels {
            print(
                "\(channel.channel)  \(channel.sourceURL)"
                    + (channel.records ? "  records (pre-roll \(channel.preRoll) s, post-roll \(channel.postRoll) s)" : "  relay only"))
        }
        return 0
    }
}

/// `klai live remove CHANNEL`.
enum LiveRemoveCommand: Command {
    static let spec = CommandSpec(
        name: ["live", "remove"], summary: "Stop relaying (and recording) a channel; its recordings stay.",
        arguments: "CHANNEL", options: LibraryLocation.options + [CatalogCommand.catalogOption],
        positionalCount: 1...1)

    static func run(_ invocation: Invocation) throws -> Int32 {
        let (store, _, _) = try CatalogCommand.open(invocation)
        let code = invocation.positionals[0].uppercased()
        let removed = try store.writeSync { db in try LiveChannel.remove(code, in: db) }
        print(removed ? "\(code) is no longer relayed" : "\(code) was not a live channel")
        return removed ? 0 : 1
    }
}

/// `klai live status`: each relay's state (from its `status.json`) and the latest recordings.
enum LiveStatusCommand: Command {
    static let spec = CommandSpec(
        name: ["live", "status"], summary: "Show each live channel's relay and its latest recordings.",
        options: LibraryLocation.options + [CatalogCommand.catalogOption])

    static func run(_ invocation: Invocation) throws -> Int32 {
        let (store, _, media) = try CatalogCommand.open(invocation)
        let channels = try store.readSync { db in try LiveChannel.all(in: db) }
        if channels.isEmpty { print("no live channels; add one with 'klai live add CHANNEL URL'") }
        for channel in channels {
            let folder = media.root.appendingPathComponent("live/\(channel.channel)").path
            if let status = LiveRelay.savedStatus(in: folder) {
                print(
                    "\(channel.channel): \(status.state.rawValue) since \(ISO8601Timestamp.format(status.since)), "
                        + "\(status.connections) upstream connection(s), \(status.gaps) gap(s), \(status.segments) segment(s)"
                        + (status.lastError.map { $0.isEmpty ? "" : " — \($0)" } ?? ""))
                if let transcoding = status.transcoding { print("  transcoding \(transcoding)") }
            } else {
                print("\(channel.channel): not running (start 'klai serve')")
            }
            let rows = try store.readSync { db in
                try db.fetchAll(
                    """
                    SELECT air_date, period, state, recorded_seconds, missing_seconds, gaps FROM live_recording
                    WHERE channel = ? ORDER BY air_date DESC, period DESC LIMIT 5
                    """, [channel.channel])
            }
            for row in rows {
                let missing = (try? row.get("missing_seconds", as: Double.self)) ?? 0
                let recorded = (try? row.get("recorded_seconds", as: Double.self)) ?? 0
                print(
                    "  \(try row.get("air_date", as: String.self)) period \(try row.get("period", as: Int.self)): "
                        + "\(try row.get("state", as: String.self)), \(Int(recorded.rounded())) s recorded"
                        + (missing > 0 ? ", \(Int(missing.rounded())) s missing" : "")
                        + ", \(try row.get("gaps", as: Int.self)) gap(s)")
            }
        }
        return 0
    }
}
