import KlaiCatalog

/// Why a recording is unmatched, in Thai. The ingestor states reasons in English for the terminal and
/// the log; the page says the known ones in Thai and shows the English original beside an unknown one.
enum AdminContentText {
    static func reason(_ reason: String, _ context: PageContext) -> String {
        guard context.language == .thai else { return reason }
        if reason.hasPrefix("the file name does not follow a DLTV pattern") {
            return "ชื่อไฟล์ไม่ตรงรูปแบบ DLTV (เช่น DLTV04_2026-06-12_0830.ts) กรุณาเลือกช่อง วันที่ และเวลาเริ่ม"
        }
        if reason.hasPrefix("the start time of the recording is not known") { return "ไม่รู้เวลาเริ่มบันทึก กรุณากรอกเวลาเริ่ม" }
        if reason.hasPrefix("not a playable media file") { return "ไฟล์นี้ไม่ใช่วิดีโอที่เล่นได้ (\(reason))" }
        if reason.hasPrefix("the file's duration cannot be read") { return "อ่านความยาวของไฟล์ไม่ได้" }
        if reason.hasPrefix("unknown channel") { return "ไม่รู้จักช่องนี้ (\(reason))" }
        if reason.contains("has no timetable for") { return "ช่องนี้ไม่มีตารางออกอากาศในวันนั้น (\(reason))" }
        if reason.hasPrefix("no ") && reason.contains("period") { return "ไม่มีคาบเรียนในช่วงเวลาที่บันทึก (\(reason))" }
        return reason
    }

    /// A job state's name.
    static func state(_ state: TranscodeJob.State, _ context: PageContext) -> String {
        switch state {
        case .queued: context.t("รอคิว", "Queued")
        case .running: context.t("กำลังแปลง", "Running")
        case .done: context.t("เสร็จแล้ว", "Done")
        case .failed: context.t("ไม่สำเร็จ", "Failed")
        case .cancelled: context.t("ยกเลิกแล้ว", "Cancelled")
        }
    }
}
