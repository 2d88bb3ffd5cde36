import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiHTTP
import KlaiLearning

/// A submitted visit as the teacher, the director and supervisors read it: ratings with the level's
/// words, notes, problems seen, evidence, the versions, and the teacher's comments (append-only).
enum VisitPage {
    struct Data: Sendable {
        var visit: Visit
        var instrument: Instrument
        var comments: [Visits.Comment]
        var files: [VisitEvidence.Attachment]
        var history: [Visit]
        var names: [Int64: String]
        var className: String
        var hasCorrection: Bool
    }

    static func page(_ request: HTTPRequest, web: KlaiWeb, evidence: VisitEvidence) async throws -> HTTPResponse {
        let context = PageContext(request)
        let principal = try Components.requireUser(context).principal
        let visitID = try Supervision.id(request)
        let data = try await web.store.read { db -> Data in
            let visit = try Visits.visit(db, id: visitID, viewer: principal)
            let comments = try Visits.comments(db, visitID: visitID, viewer: principal)
            var names: [Int64: String] = [:]
            for id in [visit.teacherID, visit.supervisorID] + comments.map(\.authorID) { names[id] = try Supervision.userName(db, id) }
            return Data(
                visit: visit, instrument: try InstrumentLibrary.instrument(db, id: visit.instrumentID), comments: comments,
                files: try evidence.attachments(db, visitID: visitID, viewer: principal),
                history: try Visits.history(db, id: visitID, viewer: principal), names: names,
                className: try Supervision.className(db, visit.classID, context),
                hasCorrection: try db.scalar("SELECT 1 FROM evaluation_visit WHERE corrects_id = ?", [visitID], as: Int.self) != nil)
        }
        if data.visit.state == .draft { return .redirect(to: "/supervision/visits/\(visitID)/edit") }
        let visit = data.visit
        let title = context.t("การนิเทศชั้น \(data.className)", "Visit to \(data.className)")
        let body = group {
            el("h1") { title }
            el("p", .class("lead")) {
                VisitList.day(visit.date, context) + (visit.period.map { context.t(" คาบ \($0)", ", period \($0)") } ?? "")
                    + " · " + context.t("ครู ", "Teacher ") + (data.names[visit.teacherID] ?? "") + " · "
                    + context.t("ผู้นิเทศ ", "Supervisor ") + (data.names[visit.supervisorID] ?? "")
            }
            el("p") { Supervision.text(data.instrument.title, context) + " · " + context.t("ฉบับที่ \(visit.version)", "version \(visit.version)") }
            if visit.version > 1 { el("p", .class("notice")) { context.t("แก้ไขเพราะ: ", "Corrected because: ") + visit.correctionReason } }
            if data.history.count > 1 {
                el("ul", .class("chips")) {
                    for v in data.history {
                        el("li") {
                            el("a", .href("/supervision/visits/\(v.id)"), v.id == visit.id ? .aria("current", "page") : nil) {
                                context.t("ฉบับที่ \(v.version)", "version \(v.version)")
                            }
                        }
                    }
                }
            }
            for section in data.instrument.sections {
                el("section", .class("card")) {
                    el("h2") { Supervision.text(section.title, context) }
                    el("dl", .class("ratings")) {
                        for item in section.items {
                            let rating = visit.content.ratings[item.id]
                            el("dt") { Supervision.text(item.text, context) }
                            el("dd") {
                                el("strong") { answer(rating, data.instrument, context) }
                                if let note = rating?.note, !note.isEmpty { el("p", .class("note")) { note } }
                            }
                        }
                    }
                }
            }
            if !visit.content.problems.isEmpty {
                el("h2") { context.t("ปัญหาที่พบ", "Problems seen") }
                el("ul") {
                    for id in visit.content.problems {
                        el("li") { data.instrument.problems.first { $0.id == id }.map { Supervision.text($0.label, context) } ?? id }
                    }
                }
            }
            for field in data.instrument.textFields {
                if let text = visit.content.texts[field.id], !text.isEmpty {
                    el("h2") { Supervision.text(field.label, context) }
                    el("p", .class("free-text")) { text }
                }
            }
            if !data.files.isEmpty {
                el("h2") { context.t("หลักฐาน", "Evidence") }
                el("ul", .class("evidence")) {
                    for file in data.files {
                        el("li") {
                            if file.mediaType.hasPrefix("image/") {
                                void(
                                    "img", Attribute("src", "/supervision/evidence/\(file.id)"),
                                    Attribute("alt", file.caption.isEmpty ? file.originalName : file.caption),
                                    Attribute("loading", "lazy"))
                            }
                            el("a", .href("/supervision/evidence/\(file.id)")) { file.originalName.isEmpty ? context.t("ไฟล์", "file") : file.originalName }
                        }
                    }
                }
            }
            el("section", .id("comments"), .aria("labelledby", "comments-heading")) {
                el("h2", .id("comments-heading")) { context.t("ความเห็นของครู", "The teacher's comments") }
                if data.comments.isEmpty { el("p", .class("empty")) { context.t("ยังไม่มีความเห็น", "No comment yet.") } }
                el("ul", .class("plain comments")) {
                    for comment in data.comments {
                        el("li") {
                            el("p", .class("meta")) { (data.names[comment.authorID] ?? "") + " · " + CalendarText.dateTime(comment.at, context.language) }
                            el("p") { comment.text }
                        }
                    }
                }
                if Authorization.may(principal, .commentOnVisit, visit.target) {
                    el("form", Attribute("method", "post"), Attribute("action", "/supervision/visits/\(visit.id)/comment")) {
                        context.csrfField
                        el("div", .class("field")) {
                            el("label", Attribute("for", "comment")) { context.t("เพิ่มความเห็น", "Add a comment") }
                            el("textarea", .id("comment"), .name("comment"), Attribute("rows", "4"), Attribute("maxlength", "2000"), .flag("required"))
                        }
                        el("button", .type("submit"), .class("primary")) { context.t("ส่งความเห็น", "Send comment") }
                    }
                }
            }
            if !data.hasCorrection, Authorization.may(principal, .recordVisit, .classroom(id: visit.classID, schoolID: visit.schoolID)) {
                el("details", .class("card")) {
                    el("summary") { context.t("แก้ไขการนิเทศนี้ (สร้างฉบับใหม่)", "Correct this visit (makes a new version)") }
                    el("form", Attribute("method", "post"), Attribute("action", "/supervision/visits/\(visit.id)/correct")) {
                        context.csrfField
                        el("div", .class("field")) {
                            el("label", Attribute("for", "reason")) { context.t("เหตุผลที่แก้ไข", "Why it is corrected") }
                            el("textarea", .id("reason"), .name("reason"), Attribute("rows", "3"), Attribute("maxlength", "1000"), .flag("required"))
                        }
                        el("button", .type("submit")) { context.t("เริ่มฉบับแก้ไข", "Start a correction") }
                    }
                }
            }
        }
        return Layout.response(context, title: title, body)
    }

    /// The level's label and number, or the form's words for "not observed".
    static func answer(_ rating: VisitRating?, _ instrument: Instrument, _ context: PageContext) -> String {
        guard let rating else { return "–" }
        guard let level = rating.level else {
            return instrument.scale.notObserved.map { Supervision.text($0, context) } ?? context.t("ไม่ได้สังเกต", "Not observed")
        }
        let label = instrument.scale.levels.first { $0.value == level }.map { Supervision.text($0.label, context) } ?? ""
        return "\(level) – \(label)"
    }
}
