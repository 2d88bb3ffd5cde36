import Foundation
import KlaiCatalog
import KlaiHTTP
import KlaiMedia
import KlaiStore

/// `/live`: the channels Klai relays, each with its relay's state and the timetable's period on air and
/// next; `/live/<channel>`: the player on the channel's live stream (TV mode with `?tv=1`, like a lesson).
struct LivePages {
    let web: KlaiWeb

    /// A relay as a viewer needs to know it.
    enum RelayState: String {
        /// Segments are arriving: the stream plays.
        case playing
        /// Opening or waiting to reopen the upstream: the player keeps trying and plays again by itself.
        case reconnecting
        /// Not running, or the source cannot be relayed.
        case stopped

        init(_ status: LiveRelayStatus?) {
            switch status?.state {
            case .live?: self = .playing
            case .connecting?, .waiting?: self = .reconnecting
            case .unsupported?, .stopped?, nil: self = .stopped
            }
        }

        func label(_ context: PageContext) -> String {
            switch self {
            case .playing: context.t("กำลังถ่ายทอดสด", "Live now")
            case .reconnecting: context.t("กำลังเชื่อมต่อสัญญาณใหม่", "Reconnecting to the broadcast")
            case .stopped: context.t("หยุดถ่ายทอด", "Stopped")
            }
        }
    }

    /// One relayed channel today.
    struct Channel {
        var code: String
        var state: RelayState
        /// The grade the channel serves today (`P4`), from the timetable.
        var grade: String?
        var current: ScheduledSlot?
        var next: ScheduledSlot?
    }

    func register(on router: inout Router) {
        let web = web
        router.get("/live") { request in
            let context = PageContext(request)
            _ = try Components.requireUser(context)
            let channels = try await Self.channels(now: context.now, web: web)
            return Self.list(context, channels)
        }
        router.get("/live/:channel") { request in
            let context = PageContext(request)
            _ = try Components.requireUser(context)
            let code = String((request.parameters["channel"] ?? "").prefix(16)).uppercased()
            guard let channel = try await Self.channels(now: context.now, only: code, web: web).first else { throw WebError.notFound() }
            return Self.watch(context, channel, web: web)
        }
    }

    /// "ดูสด DLTV4", where a page shows a relayed channel's timetable.
    static func watchLink(_ context: PageContext, _ channel: String) -> HTML {
        el("p") { el("a", .href("/live/\(channel)"), .class("button primary watch-live")) { context.t("ดูสด \(channel)", "Watch \(channel) live") } }
    }

    /// The codes of the channels Klai relays.
    static func relayed(in db: Database) throws -> Set<String> { Set(try LiveChannel.all(in: db).map(\.channel)) }

    /// The relayed channels (or just `only`) with their relay state and today's period on air and next.
    static func channels(now: Date, only: String? = nil, web: KlaiWeb) async throws -> [Channel] {
        let today = LocalDate(now)
        let folder = web.configuration.media.root.appendingPathComponent("live", isDirectory: true)
        return try await web.store.read { db in
            try LiveChannel.all(in: db).filter { only == nil || $0.channel == only }.map { live in
                let slots = try Catalog.day(channel: live.channel, on: today, in: db)
                let (current, next) = CatalogPages.nowAndNext(slots, now: now)
                return Channel(
                    code: live.channel,
                    state: RelayState(LiveRelay.savedStatus(in: folder.appendingPathComponent(live.channel).path)),
                    grade: try Timetable.grade(for: live.channel, on: today, in: db),
                    current: current.map { slots[$0] }, next: next.map { slots[$0] })
            }
        }
    }

    static func list(_ context: PageContext, _ channels: [Channel]) -> HTTPResponse {
        let title = context.t("ดูสด", "Watch live")
        let body = group {
            el("h1") { title }
            if channels.isEmpty {
                el("p", .class("empty")) {
                    context.t(
                        "ยังไม่มีช่องที่ถ่ายทอดสดผ่าน Klai ผู้ดูแลระบบเพิ่มได้ด้วยคำสั่ง klai live add",
                        "No channel is relayed live through Klai yet; an administrator adds one with klai live add.")
                }
            }
            el("ul", .class("plain live-channels")) {
                for channel in channels {
                    el("li", .class("card live-channel")) {
                        el("h2") { el("a", .href("/live/\(channel.code)")) { context.t("ดูสด \(channel.code)", "Watch \(channel.code) live") } }
                        el("p") { el("span", .class("badge live-state \(channel.state.rawValue)")) { channel.state.label(context) } }
                        periodLine(context, channel.current, heading: context.t("ตอนนี้", "Now"))
                        periodLine(context, channel.next, heading: context.t("ถัดไป", "Next"))
                    }
                }
            }
        }
        return Layout.response(context, title: title, body)
    }

    /// "ตอนนี้: คาบ 2 · 09:30–10:20 · วิทยาศาสตร์" (the recording's title when the catalog has it).
    static func periodLine(_ context: PageContext, _ entry: ScheduledSlot?, heading: String) -> HTML {
        el("p", .class("period")) {
            el("strong") { heading + ": " }
            if let entry {
                let slot = entry.slot
                context.t(
                    "คาบ \(slot.period) · \(slot.startsAt)–\(slot.endsAt) · \(slot.subject)",
                    "Period \(slot.period) · \(slot.startsAt)–\(slot.endsAt) · \(slot.subject)")
                if let title = entry.recording?.title { " · " + title }
            } else {
                context.t("ไม่มีคาบตามตาราง", "no period on the timetable")
            }
        }
    }

    /// The player on the live stream. Events name the period on air's catalog item (when there is one) and
    /// carry `live: true`, with positions counted in seconds into that period (docs/PLAYER.md).
    static func watch(_ context: PageContext, _ channel: Channel, web: KlaiWeb) -> HTTPResponse {
        let links = VideoLink(secret: web.configuration.secret)
        let current = channel.current
        let intoPeriod = current.map { context.now.timeIntervalSince($0.date.startInstant) - Double($0.slot.startsAt.seconds) } ?? 0
        let title = context.t("ดูสด \(channel.code)", "\(channel.code) live")
        let body = group {
            el("h1") { title }
            el("p", .class("meta")) {
                el("span", .class("badge live-state \(channel.state.rawValue)"), Attribute("role", "status")) { channel.state.label(context) }
                if let grade = channel.grade { " · " + Components.gradeName(grade, context) }
            }
            periodLine(context, current, heading: context.t("กำลังออกอากาศ", "On air"))
            if channel.state == .stopped {
                el("p", .class("notice")) {
                    context.t(
                        "ตอนนี้ Klai ไม่ได้รับสัญญาณช่องนี้ เปิดหน้านี้ใหม่อีกครั้งเมื่อสัญญาณกลับมา",
                        "Klai is not receiving this channel now; open this page again when the broadcast returns.")
                }
            }
            el(
                "figure", .class("player"), Attribute("data-player", ""),
                // Signed on the real clock, which the link is checked against: a pretended time
                // (`klai serve --pretend-time`) moves what the page shows, never how long a link lives.
                .data("master", links.liveURL(channel: channel.code)),
                .data("live", "true"),
                .data("item", current?.recording.map { String($0.id) } ?? ""),
                .data("live-offset", String(format: "%.0f", max(0, intoPeriod))),
                .data("session", UUID().uuidString.lowercased()),
                .data("events", "/api/events"), .data("csrf", context.csrf), .data("title", title)
            ) {
                el(
                    "video", Attribute("playsinline", ""), Attribute("preload", "none"), Attribute("controls", ""),
                    .aria("label", context.t("ถ่ายทอดสด \(channel.code)", "\(channel.code) live broadcast")))
            }
            periodLine(context, channel.next, heading: context.t("ถัดไป", "Next"))
            el("p") {
                el("a", .href("/today?channel=\(channel.code)")) { context.t("ตาราง \(channel.code) วันนี้", "\(channel.code) today") }
                " · "
                el("a", .href("/live")) { context.t("ช่องอื่น", "Other channels") }
            }
        }
        return Layout.response(context, title: title, scripts: ["player.js"], body)
    }
}
