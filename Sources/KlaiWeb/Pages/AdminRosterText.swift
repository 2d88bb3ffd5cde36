import KlaiLearning

/// Roster problems in Thai. `RosterFile` states each problem in English for the terminal; the preview page
/// is read by a school's registrar, so each known sentence gets its Thai form (an unknown one is shown as is).
enum AdminRosterText {
    static func thai(_ message: String) -> String {
        let fixed: [(String, String)] = [
            ("the student number is missing", "ไม่มีเลขประจำตัวนักเรียน"),
            ("the national ID (or G-code) is missing", "ไม่มีเลขประจำตัวประชาชน (หรือรหัส G)"),
            ("the national ID is not valid", "เลขประจำตัวประชาชนไม่ถูกต้อง (ต้องมี 13 หลักและหลักตรวจสอบถูกต้อง หรือ G ตามด้วยตัวเลข 12 หลัก)"),
            ("the first or last name is missing", "ไม่มีชื่อหรือนามสกุล"),
            ("a quoted field is never closed", "มีเครื่องหมายคำพูด (\") เปิดแล้วไม่ปิด"),
            ("the file is empty", "ไฟล์ว่างเปล่า")
        ]
        for (english, thai) in fixed where message.hasPrefix(english) { return thai }
        if let quoted = quoted(message) {
            if message.hasPrefix("the grade") { return "ชั้น '\(quoted)' ไม่ใช่ อ.1–อ.3, ป.1–ป.6 หรือ ม.1–ม.6" }
            if message.hasPrefix("the room") { return "ห้อง '\(quoted)' ไม่ใช่ตัวเลข" }
            if message.hasPrefix("the sex") { return "เพศ '\(quoted)' ไม่ใช่ ชาย หรือ หญิง" }
            if message.hasPrefix("the birth date") { return "วันเกิด '\(quoted)' ไม่ใช่วันที่ (วว/ดด/ปปปป พ.ศ. หรือ ค.ศ.)" }
        }
        if message.hasPrefix("the same national ID as row "), let row = message.split(separator: " ").last {
            return "เลขประจำตัวประชาชนซ้ำกับแถวที่ \(row)"
        }
        if message.hasPrefix("the same student number as row "), let row = message.split(separator: " ").last {
            return "เลขประจำตัวนักเรียนซ้ำกับแถวที่ \(row)"
        }
        if message.hasPrefix("no column for") {
            return "ไม่พบคอลัมน์ที่จำเป็น แถวแรกของไฟล์ต้องเป็นชื่อคอลัมน์: " + message.dropFirst("no column for ".count)
        }
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

    /// A problem line: `แถวที่ 4: …`.
    static func line(row: Int, _ message: String, _ context: PageContext) -> String {
        let text = context.t(thai(message), message)
        return row > 0 ? context.t("แถวที่ \(row): \(text)", "Row \(row): \(text)") : text
    }
}
