import KlaiCatalog

/// Catalog problems in Thai. The catalog states each problem in English for the terminal (`klai catalog
/// import`); the admin pages are read by a school's ICT teacher, so each known sentence gets its Thai form
/// and an unknown one is shown as is.
enum AdminCatalogText {
    /// A field's name as the form and the manifest format call it.
    static func field(_ field: String, _ context: PageContext) -> String {
        let names: [String: (String, String)] = [
            "key": ("key", "key"), "kind": ("ชนิด", "kind"), "title": ("ชื่อบทเรียน", "title"),
            "description": ("คำอธิบาย", "description"), "grade": ("ชั้น", "grade"),
            "learningArea": ("กลุ่มสาระ", "learning area"), "learning_area": ("กลุ่มสาระ", "learning area"),
            "unit": ("หน่วย", "unit"), "indicators": ("ตัวชี้วัด", "indicators"), "channel": ("ช่อง", "channel"),
            "airDate": ("วันออกอากาศ", "air date"), "air_date": ("วันออกอากาศ", "air date"),
            "academicYear": ("ปีการศึกษา", "academic year"), "academic_year": ("ปีการศึกษา", "academic year"),
            "term": ("ภาคเรียน", "term"), "start": ("เวลาเริ่ม", "start"), "end": ("เวลาจบ", "end"),
            "media": ("ไฟล์วิดีโอ", "media"), "period": ("คาบ", "period"), "lesson_number": ("บทที่", "lesson number")
        ]
        guard let (thai, english) = names[field] else { return field }
        return context.t(thai, english)
    }

    static func thai(_ message: String) -> String {
        let fixed: [(String, String)] = [
            ("a title is required", "ต้องมีชื่อบทเรียน"),
            ("a term needs academicYear", "ระบุภาคเรียนแล้วต้องระบุปีการศึกษา (academic_year) ด้วย"),
            ("a recording needs a key, or channel and airDate", "รายการบันทึก DLTV ต้องมี key หรือมีทั้งช่องและวันออกอากาศ"),
            ("a key is required", "ต้องมี key (ใช้ปรับปรุงรายการเดิมเมื่อนำเข้าไฟล์ซ้ำ)"),
            ("a quoted field is never closed", "มีเครื่องหมายคำพูด (\") เปิดแล้วไม่ปิด"),
            ("the file is empty (a CSV manifest", "ไฟล์ว่างเปล่า (ไฟล์ CSV ต้องมีแถวแรกเป็นชื่อคอลัมน์)"),
            ("the file is empty", "ไฟล์ว่างเปล่า"),
            (
                "a manifest uploaded in the browser cannot bring media files",
                "ไฟล์รายการที่อัปโหลดทางเบราว์เซอร์นำไฟล์วิดีโอมาด้วยไม่ได้ ลบช่อง media ออก แล้วอัปโหลดวิดีโอที่หน้าสื่อการสอน"
            ),
            ("the file is not a PDF", "ไฟล์นี้ไม่ใช่ PDF (ไม่ได้ขึ้นต้นด้วย %PDF-)"),
            ("the PDF is cut off", "ไฟล์ PDF ไม่ครบ (ไม่มีเครื่องหมายจบไฟล์ %%EOF) อาจอัปโหลดไม่สำเร็จ กรุณาอัปโหลดอีกครั้ง"),
            ("the uploaded file cannot be read", "อ่านไฟล์ที่อัปโหลดไม่ได้ กรุณาอัปโหลดอีกครั้ง"),
            ("an attachment needs a title", "ใบงานต้องมีชื่อ (ไม่เกิน \(CatalogItemEdit.maxTitle) ตัวอักษร)")
        ]
        for (english, thai) in fixed where message.hasPrefix(english) { return thai }
        let quoted = quoted(message) ?? ""
        let words = message.split(separator: " ").map(String.init)
        if message.hasPrefix("unknown grade") { return "ไม่รู้จักชั้น '\(quoted)' (ใช้ อ.1–อ.3, ป.1–ป.6, ม.1–ม.6 หรือ K1…K3, P1…P6, M1…M6)" }
        if message.hasPrefix("unknown learning area") { return "ไม่รู้จักกลุ่มสาระ '\(quoted)' (ใช้ ท ค ว ส พ ศ ง อ หรือชื่อกลุ่มสาระ)" }
        if message.hasPrefix("unknown kind") { return "ไม่รู้จักชนิด '\(quoted)' (ใช้ dlit_lesson, local_lesson หรือ dltv_recording)" }
        if message.hasPrefix("unknown channel") { return "ไม่รู้จักช่อง '\(quoted)' (DLTV1 … DLTV15)" }
        if message.hasPrefix("unknown column") {
            return "ไม่รู้จักคอลัมน์ '\(quoted)' (คอลัมน์ที่ใช้ได้: \(ManifestReader.csvColumns.joined(separator: ", ")))"
        }
        if message.hasPrefix("unknown attachment type") { return "ไม่รู้จักประเภทไฟล์แนบ '\(quoted)'" }
        if message.hasPrefix("indicator '"), message.contains("belongs to learning area"), words.count >= 2 {
            return "ตัวชี้วัด '\(quoted)' เป็นของกลุ่มสาระ \(words[words.count - 3].trimmingCharacters(in: .punctuationCharacters)) ไม่ใช่ \(words[words.count - 1])"
        }
        if message.hasPrefix("indicator '"), message.contains("is for grade"), let grades = gradesOf(message) {
            return "ตัวชี้วัด '\(quoted)' เป็นของชั้น \(grades.indicator) แต่บทเรียนนี้เป็นชั้น \(grades.item)"
        }
        if message.hasPrefix("key '"), message.contains("is used twice"), let last = words.last {
            return "key '\(quoted)' ซ้ำกับรายการที่ \(last.trimmingCharacters(in: .punctuationCharacters))"
        }
        if message.hasPrefix("key '"), message.contains("attachment") { return "key '\(quoted)' ซ้ำกับ key ของไฟล์แนบของอีกรายการหนึ่ง" }
        if message.hasSuffix("is not a whole number") { return "'\(quoted)' ไม่ใช่จำนวนเต็ม" }
        if message.hasSuffix("is not a date (YYYY-MM-DD)") { return "'\(quoted)' ไม่ใช่วันที่ (ปปปป-ดด-วว)" }
        if message.hasSuffix("is not a time (HH:MM)") { return "'\(quoted)' ไม่ใช่เวลา (ชช:นน)" }
        if message.hasPrefix("ends (") { return "เวลาจบอยู่ก่อนเวลาเริ่ม (\(message))" }
        if message.hasPrefix("year ") { return "ปี \(words.count > 1 ? words[1] : "") ไม่ใช่ปี ค.ศ. (1950–2150) หรือ พ.ศ. (2493–2693)" }
        if message.hasPrefix("air date ") { return "วันออกอากาศไม่อยู่ในปีการศึกษาที่ระบุ ปีหนึ่งเป็น พ.ศ. อีกปีเป็น ค.ศ. หรือไม่ (\(message))" }
        if message.hasPrefix("term "), message.contains("is not in the catalog's terms") {
            return "ไม่มีภาคเรียน \(words.count > 1 ? words[1] : "") ในข้อมูลภาคเรียนของระบบ"
        }
        if message.contains("fields where the header has"), words.count >= 7 {
            return "แถวนี้มี \(words[0]) ช่อง แต่แถวชื่อคอลัมน์มี \(words[6]) ช่อง"
        }
        if message.hasPrefix("malformed JSON") || message.hasPrefix("missing field") || message.contains(" should be ") {
            return "ไฟล์ JSON ไม่ถูกรูปแบบ: \(message)"
        }
        if message.hasPrefix("the title is longer") || message.hasPrefix("the description is longer") {
            return "ข้อความยาวเกินกำหนด (ชื่อไม่เกิน \(CatalogItemEdit.maxTitle) คำอธิบายไม่เกิน \(CatalogItemEdit.maxDescription) ตัวอักษร)"
        }
        if message.hasPrefix("the file is larger than") { return "ไฟล์ใหญ่เกิน \(CatalogAttachments.maxBytes >> 20) MB" }
        if message.contains("encoding") || message.contains("UTF-8") || message.contains("Windows-874") {
            return "อ่านรหัสอักขระของไฟล์ไม่ได้ (ต้องเป็น UTF-8 หรือ Windows-874): " + message
        }
        return message
    }

    /// The text between the first pair of single quotes.
    private static func quoted(_ message: String) -> String? {
        guard let open = message.firstIndex(of: "'") else { return nil }
        let rest = message[message.index(after: open)...]
        guard let close = rest.firstIndex(of: "'") else { return nil }
        return String(rest[..<close])
    }

    /// `… is for grade P5, but the record is for P4` → (P5, P4).
    private static func gradesOf(_ message: String) -> (indicator: String, item: String)? {
        guard let range = message.range(of: "is for grade ") else { return nil }
        let rest = message[range.upperBound...]
        let parts = rest.components(separatedBy: ", but the record is for ")
        guard parts.count == 2 else { return nil }
        return (parts[0], parts[1])
    }

    /// One problem of a manifest: `แถวที่ 4 · ชั้น: …` (CSV lines) or `รายการที่ 2 · …` (JSON records).
    static func line(_ problem: ManifestProblem, csv: Bool, _ context: PageContext) -> String {
        var place = ""
        if let record = problem.record {
            place = csv ? context.t("แถวที่ \(record)", "Line \(record)") : context.t("รายการที่ \(record)", "Record \(record)")
        }
        if let field = problem.field { place += (place.isEmpty ? "" : " · ") + Self.field(field, context) }
        let text = context.t(thai(problem.message), problem.message)
        return place.isEmpty ? text : "\(place): \(text)"
    }
}
