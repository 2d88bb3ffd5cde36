import KlaiCatalog
import KlaiLearning
import KlaiStore

/// What a signed-in person may edit on the catalog pages, decided by `Authorization.may(_, .editCatalog, _)`:
/// an admin edits every item and imports manifests (target `.system`); a director edits only the local lessons
/// their school uploaded, and those lessons' worksheets (target `.school(id)` from `catalog_item.school_id`).
/// DLTV recordings, DLIT lessons and manifest items serve every school on a district box, so one school's
/// director renaming them would rename them for all.
struct AdminCatalogScope: Sendable {
    let user: SignedInUser
    /// nil: every item; otherwise the schools whose local lessons this person may edit.
    let schoolIDs: Set<Int64>?

    /// The signed-in person's scope; 403 for someone who may edit nothing (teachers, pupils, supervisors).
    init(_ context: PageContext) throws {
        let user = try Components.requireUser(context)
        let principal = user.principal
        self.user = user
        if Authorization.may(principal, .editCatalog, .system) {
            schoolIDs = nil
            return
        }
        let schools = Set(principal.grants.compactMap(\.schoolID).filter { Authorization.may(principal, .editCatalog, .school(id: $0)) })
        guard !schools.isEmpty else { throw WebError.forbidden() }
        schoolIDs = schools
    }

    /// Whether this person may import manifests (they write shared items).
    var editsEverything: Bool { schoolIDs == nil }

    /// The authorization target of lesson or recording `id`: its school for a local lesson, the whole box for a
    /// shared item; nil when there is no such item (or it is an attachment, edited from its lesson's page).
    static func target(of id: Int64, in db: Database) throws -> Target? {
        guard
            let row = try db.fetchOne(
                "SELECT school_id FROM catalog_item WHERE id = ? AND kind != ?",
                [id, CatalogItem.Kind.attachment.rawValue])
        else { return nil }
        let school: Int64? = try row.get("school_id")
        return school.map { Target.school(id: $0) } ?? .system
    }

    /// Checks that this person may edit item `id` (and its worksheets).
    /// - Throws: 404 for no such item; 403 with a sentence saying whose lesson it is.
    func requireItem(_ id: Int64, store: Store) async throws {
        let target = try await store.read { db in try Self.target(of: id, in: db) }
        guard let target else { throw WebError.notFound() }
        guard Authorization.may(user.principal, .editCatalog, target) else { throw Self.refusal(for: target) }
    }

    /// Why an item is not this person's to edit, in Thai and English.
    static func refusal(for target: Target) -> WebError.Refusal {
        if target == .system {
            return WebError.Refusal(
                status: .forbidden,
                thai: "บทเรียนนี้ใช้ร่วมกันทุกโรงเรียน (DLTV, DLIT หรือจากไฟล์รายการบทเรียน) จึงแก้ไขได้เฉพาะผู้ดูแลระบบ ผู้อำนวยการแก้ไขได้เฉพาะบทเรียนที่โรงเรียนของตนอัปโหลด",
                english: "This lesson is shared by every school (DLTV, DLIT or a manifest), so only an admin may edit it; "
                    + "a director edits only the lessons their own school uploaded.")
        }
        return WebError.Refusal(
            status: .forbidden,
            thai: "บทเรียนนี้เป็นของโรงเรียนอื่น ผู้อำนวยการแก้ไขได้เฉพาะบทเรียนที่โรงเรียนของตนอัปโหลด",
            english: "This lesson belongs to another school; a director edits only the lessons their own school uploaded.")
    }
}
