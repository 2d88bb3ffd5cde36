import Foundation

/// Turns a decoded instrument file into an `Instrument`, recording every rule it breaks.
struct InstrumentValidator {
    let report: ProblemList

    /// The checked instrument, or nil when a required part is missing (problems say which).
    func instrument(_ root: JSONFields) -> Instrument? {
        let key = root.string("id")
        if let key, !Self.isIdentifier(key) {
            root.report.add(location: "", field: "id", "'\(key)' must use only a-z, 0-9, '-' and '.'")
        }
        let version = root.integer("version", in: 1...100_000)
        let kind = enumValue(root, "kind", Instrument.Kind.self)
        let audience = root.object["audience"] == nil ? nil : enumValue(root, "audience", Instrument.Audience.self)
        let title = root.text("title")
        let scale = scale(root.nested("scale", root.object["scale"] ?? .null), kind: kind, audience: audience)
        let evidenceKinds = root.array("evidenceKinds", required: false).enumerated().compactMap { index, value in
            let fields = root.nested("evidenceKinds", value, index: index)
            return zip2(fields.string("id"), fields.text("label")).map { Instrument.EvidenceKind(id: $0, label: $1) }
        }
        unique(evidenceKinds.map(\.id), root, "evidenceKinds", "id")
        let sections = root.array("sections").enumerated().compactMap { index, value in
            section(root.nested("sections", value, index: index), scale: scale, evidence: Set(evidenceKinds.map(\.id)))
        }
        unique(sections.map(\.id), root, "sections", "id")
        unique(sections.flatMap { $0.items.map(\.id) }, root, "sections", "items id")
        let textFields = root.array("textFields", required: false).enumerated().compactMap { index, value in
            let fields = root.nested("textFields", value, index: index)
            let maxLength = fields.integer("maxLength", in: 1...20_000, required: false) ?? 2000
            return zip2(fields.string("id"), fields.text("label")).map {
                Instrument.TextField(id: $0, label: $1, maxLength: maxLength)
            }
        }
        unique(textFields.map(\.id), root, "textFields", "id")
        let problems = root.array("problems", required: false).enumerated().compactMap { index, value in
            let fields = root.nested("problems", value, index: index)
            let group = fields.string("group", required: false) ?? "technical"
            if !["technical", "teaching"].contains(group) {
                fields.report.add(location: fields.location, field: "group", "'\(group)' is not one of technical, teaching")
            }
            return zip2(fields.string("id"), fields.text("label")).map { Instrument.Problem(id: $0, label: $1, group: group) }
        }
        unique(problems.map(\.id), root, "problems", "id")
        if kind == .survey && audience == nil {
            root.report.add(location: "", field: "audience", "a survey names its audience: teacher or pupil")
        }
        guard let key, let version, let kind, let title, let scale else { return nil }
        return Instrument(
            key: key, version: version, kind: kind, audience: audience, title: title, scale: scale,
            evidenceKinds: evidenceKinds, sections: sections, textFields: textFields, problems: problems)
    }

    private func scale(_ fields: JSONFields, kind: Instrument.Kind?, audience: Instrument.Audience?) -> Instrument.Scale? {
        let levels = fields.array("levels").enumerated().compactMap { index, value -> Instrument.Level? in
            let level = fields.nested("levels", value, index: index)
            let picture = level.string("picture", required: audience == .pupil)
            guard let number = level.integer("value", in: 0...10), let label = level.text("label"),
                let descriptor = level.text("descriptor")
            else { return nil }
            return Instrument.Level(value: number, label: label, descriptor: descriptor, picture: picture)
        }
        if Set(levels.map(\.value)).count != levels.count {
            fields.report.add(location: fields.location, field: "levels", "two levels have the same value")
        }
        if levels.count == 1 { fields.report.add(location: fields.location, field: "levels", "a scale needs at least two levels") }
        if kind == .survey && levels.map(\.value).sorted() != [1, 2, 3, 4, 5] {
            fields.report.add(location: fields.location, field: "levels", "a survey has five levels valued 1 to 5")
        }
        let notObserved = fields.text("notObserved", required: false)
        guard !levels.isEmpty else { return nil }
        return Instrument.Scale(levels: levels.sorted { $0.value > $1.value }, notObserved: notObserved)
    }

    private func section(_ fields: JSONFields, scale: Instrument.Scale?, evidence: Set<String>) -> Instrument.Section? {
        let sectionPhase = fields.object["phase"] == nil ? nil : enumValue(fields, "phase", Instrument.Phase.self)
        let items = fields.array("items").enumerated().compactMap { index, value in
            item(fields.nested("items", value, index: index), defaultPhase: sectionPhase, scale: scale, evidence: evidence)
        }
        guard let id = fields.string("id"), let title = fields.text("title") else { return nil }
        return Instrument.Section(id: id, title: title, items: items)
    }

    private func item(
        _ fields: JSONFields, defaultPhase: Instrument.Phase?, scale: Instrument.Scale?,
        evidence: Set<String>
    ) -> Instrument.Item? {
        let id = fields.string("id")
        if let id, !Self.isIdentifier(id) {
            fields.report.add(location: fields.location, field: "id", "'\(id)' must use only a-z, 0-9, '-' and '.'")
        }
        let text = fields.text("text")
        var phase = defaultPhase
        if fields.object["phase"] != nil || defaultPhase == nil { phase = enumValue(fields, "phase", Instrument.Phase.self) }
        let notObserved = fields.bool("notObserved", default: false)
        if notObserved && scale != nil && scale?.notObserved == nil {
            fields.report.add(location: fields.location, field: "notObserved", "the scale has no notObserved words")
        }
        var itemEvidence: [String] = []
        for value in fields.array("evidence", required: false) {
            guard case .string(let kind) = value, evidence.contains(kind) else {
                fields.report.add(location: fields.location, field: "evidence", "names an evidence kind not in evidenceKinds")
                continue
            }
            itemEvidence.append(kind)
        }
        var descriptors: [String: LocalizedText] = [:]
        let descriptorFields = fields.object["descriptors"].map { fields.nested("descriptors", $0) }
        for key in (descriptorFields?.object.keys).map(Array.init) ?? [] {
            guard let level = Int(key), scale?.values.contains(level) ?? true else {
                fields.report.add(location: fields.location, field: "descriptors", "'\(key)' is not a level of the scale")
                continue
            }
            if let text = descriptorFields?.text(key) { descriptors[key] = text }
        }
        let check = fields.object["check"].flatMap { recordCheck(fields.nested("check", $0), scale: scale) }
        guard let id, let text, let phase else { return nil }
        return Instrument.Item(
            id: id, text: text, phase: phase, notObservedAllowed: notObserved, evidence: itemEvidence,
            descriptors: descriptors, check: check)
    }

    private func recordCheck(_ fields: JSONFields, scale: Instrument.Scale?) -> Instrument.RecordCheck? {
        let measure = enumValue(fields, "measure", UsageMeasure.self)
        let level = fields.integer("level", in: 0...10)
        if let level, let scale, !scale.values.contains(level) {
            fields.report.add(location: fields.location, field: "level", "\(level) is not a level of the scale")
        }
        let below = fields.number("below", in: 0...1)
        guard let measure, let level, let below else { return nil }
        return Instrument.RecordCheck(measure: measure, level: level, below: below)
    }

    private func enumValue<E: RawRepresentable & CaseIterable>(_ fields: JSONFields, _ key: String, _ type: E.Type) -> E?
    where E.RawValue == String {
        guard let raw = fields.string(key) else { return nil }
        guard let value = E(rawValue: raw) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            fields.report.add(location: fields.location, field: key, "'\(raw)' is not one of \(allowed)")
            return nil
        }
        return value
    }

    private func unique(_ ids: [String], _ fields: JSONFields, _ list: String, _ field: String) {
        var seen = Set<String>()
        for id in ids where !seen.insert(id).inserted {
            fields.report.add(location: list, field: field, "'\(id)' appears twice")
        }
    }

    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64
            && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "." }
    }
}

private func zip2<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
