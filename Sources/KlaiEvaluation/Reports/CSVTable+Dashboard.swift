import Foundation

extension CSVTable {
    /// The supervisor's school table, column for column as the dashboard shows it.
    public static func schools(_ rows: [SchoolTermRow]) -> CSVTable {
        CSVTable(
            header: [
                "รหัสโรงเรียน school code", "โรงเรียน school", "ภาคเรียน term", "ห้องเรียน classes",
                "คาบตามตาราง scheduled periods", "คาบที่เรียน covered periods", "ครอบคลุม % coverage",
                "เรียนพร้อมต้นทาง % in sync", "ซ่อมเสริม remedial", "DLIT", "นักเรียนเรียนครบ % pupil exposure",
                "ชั่วโมงที่เปิด play hours", "วินาทีสะดุดต่อชั่วโมง stall s/h", "นิเทศ visits", "ห้องที่นิเทศ % visited",
                "แจ้งซ่อม repairs", "ค้างซ่อม open", "วันซ่อมเฉลี่ย mean days to fix", "ห้อง-วันที่เสีย classroom-days lost"
            ],
            rows: rows.map { r in
                [
                    .text(r.schoolCode), .text(r.schoolName), .text(r.term), .integer(r.classes), .integer(r.scheduledPeriods),
                    .integer(r.coveredPeriods), .percent(r.timetableCoverage), .percent(r.inSyncShare), .integer(r.remedial),
                    .integer(r.dlitScreenings), .percent(r.pupilExposure), .number(r.playSeconds / 3600, decimals: 1),
                    .number(r.stallSecondsPerPlayHour, decimals: 1), .integer(r.visits), .percent(r.visitedShare),
                    .integer(r.repairs.reported), .integer(r.repairs.open), .number(r.repairs.meanDaysToFix, decimals: 1),
                    .integer(r.repairs.classroomDaysLost)
                ]
            })
    }

    /// A school's class table.
    public static func classes(_ rows: [ClassTermRow]) -> CSVTable {
        CSVTable(
            header: [
                "ห้อง class", "คาบตามตาราง scheduled", "คาบที่เรียน covered", "ครอบคลุม % coverage", "พร้อมต้นทาง in sync",
                "เรียนภายหลัง deferred", "ผิดตอน wrong episode", "ซ่อมเสริม remedial", "DLIT", "นักเรียน pupils",
                "เรียนครบ % exposure", "สำเร็จ % completion", "ชั่วโมงที่เปิด play hours", "สะดุดเกิน 5% stalled", "นิเทศ visits"
            ],
            rows: rows.map { r in
                let u = r.usage
                return [
                    .text(r.name), .integer(u?.scheduledPeriods ?? 0), .integer(u?.coveredPeriods ?? 0),
                    .percent(u?.timetableCoverage), .integer(u?.inSync ?? 0), .integer(u?.deferred ?? 0),
                    .integer(u?.wrongEpisode ?? 0), .integer(u?.remedial ?? 0), .integer(u?.dlitScreenings ?? 0),
                    .integer(u?.pupilsEnrolled ?? 0), .percent(u?.pupilExposure), .percent(u?.completionRate),
                    .number((u?.playSeconds ?? 0) / 3600, decimals: 1), .integer(u?.stalledScreenings ?? 0), .integer(r.visits)
                ]
            })
    }

    /// A class's teacher table.
    public static func teachers(_ rows: [TeacherTermRow]) -> CSVTable {
        CSVTable(
            header: ["ครู teacher", "ครั้งที่เปิด screenings", "ตรงตาราง matched timetable", "ชั่วโมง hours", "นิเทศ visits"],
            rows: rows.map {
                [
                    .text($0.name), .integer($0.screenings), .integer($0.matchedTimetable),
                    .number($0.playSeconds / 3600, decimals: 1), .integer($0.visits)
                ]
            })
    }
}
