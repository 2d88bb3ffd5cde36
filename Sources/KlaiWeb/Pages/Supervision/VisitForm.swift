import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// The visit form, sized for a tablet held in a classroom: every item with its levels' descriptors
/// visible as large choices, "not observed" where the form allows it, a note per item, problems, the
/// class's screenings that day to tick, free text, and evidence files.
enum VisitForm {
    /// Reads a posted form: `r.<item>` = level or `na`, `n.<item>` = note, `t.<field>`, `problem`, `session`.
    static func draft(_ form: FormData) -> VisitDraft {
        var draft = VisitDraft()
        for (name, value) in form.fields where name.hasPrefix("r.") && !value.isEmpty {
            let id = String(name.dropFirst(2))
            let note = form["n.\(id)"]
            if value == "na" {
                draft.ratings[id] = VisitRating(level: nil, note: note)
            } else if value.utf8.count <= 3, let level = Int(value) {
                draft.ratings[id] = VisitRating(level: level, note: note)
            }
        }
        for (name, value) in form.fields where name.hasPrefix("t.") && !value.isEmpty { draft.texts[String(name.dropFirst(2))] = value }
        draft.problems = form.all("problem")
        draft.observedSessions = form.all("session").compactMap { $0.utf8.count <= 18 ? Int64($0) : nil }
        return draft
    }

    struct Screening: Sendable {
        var id: Int64
        var title: String
        var startedAt: Date
        var seconds: Double
    }

    struct Data: Sendable {
        var visit: Visit
        var instrument: Instrument
        var className: String
        var teacher: String
        var screenings: [Screening]
        var files: [VisitEvidence.Attachment]
    }

    static func page(
        _ context: PageContext, web: KlaiWeb, evidence: VisitEvidence, principal: Principal, visitID: Int64,
        posted: (VisitDraft, Int)? = nil, problem: String? = nil, status: HTTPStatus = .ok
    ) async throws -> HTTPResponse {
        let data = try await web.store.read { db -> Data in
            let visit = try Visits.visit(db, id: visitID, viewer: principal)
            let from = visit.date.startInstant.timeIntervalSince1970
            let screenings = try db.fetchAll(
                """
                SELECT s.id, s.started_at, s.seconds_played, coalesce(i.title, '') AS title FROM learning_usage_session s
                LEFT JOIN catalog_item i ON i.id = s.item_id
                WHERE s.class_id = ? AND s.started_at >= ? AND s.started_at < ? ORDER BY s.started_at LIMIT 50
                """, [visit.classID, from, from + 86400]
            ).map {
                Screening(
                    id: try $0.get("id"), title: try $0.get("title"),
                    startedAt: Date(timeIntervalSince1970: try $0.get("started_at")), seconds: try $0.get("seconds_played"))
            }
            return Data(
                visit: visit, instrument: try InstrumentLibrary.instrument(db, id: visit.instrumentID),
                className: try Supervision.className(db, visit.classID, context),
                teacher: try Supervision.userName(db, visit.teacherID), screenings: screenings,
                files: try evidence.attachments(db, visitID: visitID, viewer: principal))
        }
        if data.visit.state == .submitted { return .redirect(to: "/supervision/visits/\(visitID)") }
        let draft = posted?.0 ?? data.visit.content
        let revision = posted?.1 ?? data.visit.revision
        let instrument = data.instrument
        let title = context.t("นิเทศชั้น \(data.className)", "Visit to \(data.className)")
        let body = group {
            if let problem {
                el("div", .class("error-summary"), Attribute("role", "alert"), Attribute("tabindex", "-1")) {
                    el("h2") { context.t("ยังบันทึกไม่ได้", "Not saved") }
                    el("p") { problem }
                }
            }
            if context.request.query("saved") != nil { el("p", .class("notice"), Attribute("role", "status")) { context.t("บันทึกร่างแล้ว", "Draft saved.") } }
            el("h1") { title }
            el("p", .class("lead")) {
                VisitList.day(data.visit.date, context) + (data.visit.period.map { context.t(" คาบ \($0)", ", period \($0)") } ?? "")
                    + " · " + context.t("ครู ", "Teacher ") + data.teacher + " · " + Supervision.text(instrument.title, context)
            }
            el(
                "form", .id("visit-form"), .class("visit-form"), Attribute("method", "post"),
                Attribute("action", "/supervision/visits/\(visitID)/edit"), .data("autosave", "/supervision/visits/\(visitID)/autosave")
            ) {
                context.csrfField
                void("input", .type("hidden"), .name("revision"), .value(String(revision)), .id("revision"))
                el("p", .id("autosave-status"), .class("autosave-status"), Attribute("role", "status"), .aria("live", "polite")) {
                    context.t("ฉบับร่างครั้งที่ \(revision)", "Draft revision \(revision)")
                }
                for section in instrument.sections {
                    el("fieldset", .class("card visit-section")) {
                        el("legend") { Supervision.text(section.title, context) }
                        for item in section.items { itemField(context, instrument, item, draft.ratings[item.id]) }
                    }
                }
                el("fieldset", .class("card")) {
                    el("legend") { context.t("การเปิดสื่อของชั้นในวันนี้ที่ได้สังเกต", "The class's screenings you observed that day") }
                    if data.screenings.isEmpty {
                        el("p", .class("empty")) { context.t("ยังไม่มีการเปิดสื่อของชั้นนี้ในวันนั้น", "No screening of this class on that day.") }
                    }
                    for s in data.screenings {
                        el("label", .class("check")) {
                            void(
                                "input", .type("checkbox"), .name("session"), .value(String(s.id)),
                                .flag("checked", draft.observedSessions.contains(s.id)))
                            " \(CalendarText.dateTime(s.startedAt, context.language)) · \(s.title) · \(CalendarText.clock(s.seconds))"
                        }
                    }
                }
                if !instrument.problems.isEmpty {
                    el("fieldset", .class("card")) {
                        el("legend") { context.t("ปัญหาที่พบ", "Problems seen") }
                        for p in instrument.problems {
                            el("label", .class("check")) {
                                void("input", .type("checkbox"), .name("problem"), .value(p.id), .flag("checked", draft.problems.contains(p.id)))
                                " " + Supervision.text(p.label, context)
                            }
                        }
                    }
                }
                for field in instrument.textFields {
                    el("div", .class("field")) {
                        el("label", Attribute("for", "t-\(field.id)")) { Supervision.text(field.label, context) }
                        el(
                            "textarea", .id("t-\(field.id)"), .name("t.\(field.id)"), Attribute("rows", "3"),
                            Attribute("maxlength", String(field.maxLength))
                        ) { draft.texts[field.id] ?? "" }
                    }
                }
                el("div", .class("form-buttons")) {
                    el("button", .type("submit"), .name("action"), .value("save")) { context.t("บันทึกร่าง", "Save draft") }
                    el("button", .type("submit"), .name("action"), .value("submit"), .class("primary")) {
                        context.t("ส่งผลการนิเทศ", "Submit the visit")
                    }
                }
                el("p", .class("hint")) {
                    context.t("ส่งแล้วแก้ไขไม่ได้ หากต้องแก้ให้สร้างฉบับแก้ไข", "A submitted visit never changes; a correction makes a new version.")
                }
            }
            evidenceForm(context, visitID: visitID, files: data.files)
        }
        return Layout.response(context, title: title, status: status, scripts: ["visit-autosave.js"], body)
    }

    /// One item: its text, a large choice per level with the level's descriptor, "not observed", a note.
    static func itemField(_ context: PageContext, _ instrument: Instrument, _ item: Instrument.Item, _ rating: VisitRating?) -> HTML {
        let name = "r.\(item.id)"
        let safeID = item.id.replacingOccurrences(of: ".", with: "-")
        return el("fieldset", .class("visit-item"), .id("item-\(safeID)")) {
            el("legend") { Supervision.text(item.text, context) }
            el("div", .class("levels")) {
                for level in instrument.scale.levels.sorted(by: { $0.value > $1.value }) {
                    el("label", .class("level")) {
                        void(
                            "input", .type("radio"), .name(name), .value(String(level.value)),
                            .flag("checked", rating != nil && rating?.level == level.value))
                        el("strong") { "\(level.value) · " + Supervision.text(level.label, context) }
                        el("small") { Supervision.text(item.descriptors[String(level.value)] ?? level.descriptor, context) }
                    }
                }
                if item.notObservedAllowed {
                    el("label", .class("level not-observed")) {
                        void("input", .type("radio"), .name(name), .value("na"), .flag("checked", rating != nil && rating?.level == nil))
                        el("strong") { instrument.scale.notObserved.map { Supervision.text($0, context) } ?? context.t("ไม่ได้สังเกต", "Not observed") }
                    }
                }
            }
            el("label", Attribute("for", "n-\(safeID)"), .class("note-label")) { context.t("บันทึกเพิ่มเติม", "Note") }
            el("textarea", .id("n-\(safeID)"), .name("n.\(item.id)"), Attribute("rows", "1"), Attribute("maxlength", "1000")) { rating?.note ?? "" }
        }
    }

    /// Evidence: a separate multipart form (the CSRF token rides in the query, as multipart bodies are not read twice).
    static func evidenceForm(_ context: PageContext, visitID: Int64, files: [VisitEvidence.Attachment]) -> HTML {
        el("section", .id("evidence"), .class("card"), .aria("labelledby", "evidence-heading")) {
            el("h2", .id("evidence-heading")) { context.t("หลักฐาน (รูปถ่ายหรือ PDF)", "Evidence (photos or PDF)") }
            el("ul", .class("plain")) {
                for file in files {
                    el("li") { el("a", .href("/supervision/evidence/\(file.id)")) { file.originalName } }
                }
            }
            el(
                "form", Attribute("method", "post"), Attribute("enctype", "multipart/form-data"),
                Attribute("action", "/supervision/visits/\(visitID)/evidence?_csrf=\(context.csrf)")
            ) {
                el("div", .class("field")) {
                    el("label", Attribute("for", "file")) { context.t("ไฟล์", "File") }
                    el("p", .class("hint"), .id("file-hint")) {
                        context.t("JPEG, PNG, WebP ไม่เกิน 10 MB หรือ PDF ไม่เกิน 20 MB", "JPEG, PNG, WebP up to 10 MB, or PDF up to 20 MB")
                    }
                    void(
                        "input", .type("file"), .id("file"), .name("file"), Attribute("accept", "image/jpeg,image/png,image/webp,application/pdf"),
                        .aria("describedby", "file-hint"), .flag("required"))
                }
                el("div", .class("field")) {
                    el("label", Attribute("for", "caption")) { context.t("คำอธิบายภาพ", "Caption") }
                    void("input", .type("text"), .id("caption"), .name("caption"), Attribute("maxlength", "500"))
                }
                el("button", .type("submit")) { context.t("แนบไฟล์", "Attach") }
            }
        }
    }
}
