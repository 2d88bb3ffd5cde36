import Foundation
import KlaiStore
import Testing

@testable import KlaiCatalog

@Suite struct TimetableTests {
    /// A term, a channel mapped to ป.4 and two Monday periods, written with plain SQL.
    static func seed(_ db: Database) throws {
        try db.executeScript(
            """
            INSERT INTO grade VALUES ('P4', 'ป.4', 'Primary 4', 'primary', 7);
            INSERT INTO learning_area VALUES ('ค', 'คณิตศาสตร์', 'Mathematics', NULL, 2);
            INSERT INTO channel VALUES ('DLTV4', 4, 'DLTV 4', 0);
            INSERT INTO channel_grade VALUES ('DLTV4', 'P4', '2024-05-16', NULL, 0);
            INSERT INTO term VALUES (1, 2026, 1, '2026-05-16', '2026-10-11', 0);
            INSERT INTO timetable_slot VALUES (1, 'DLTV4', 1, 1, 1, '08:30', '09:20', 'คณิตศาสตร์', 'ค', 0);
            INSERT INTO timetable_slot VALUES (2, 'DLTV4', 1, 1, 2, '09:30', '10:20', 'ภาษาไทย', NULL, 0);
            """)
    }

    @Test func findsTheSlotOnAirAtADateAndTime() throws {
        let library = try TemporaryLibrary()
        try library.store.writeSync { db in try Self.seed(db) }
        let monday = LocalDate(year: 2026, month: 6, day: 15)!
        #expect(monday.weekday == 1)
        try library.store.readSync { (db: Database) throws in
            #expect(try Timetable.slot(channel: "DLTV4", date: monday, time: TimeOfDay(hour: 8, minute: 45)!, in: db)?.period == 1)
            #expect(try Timetable.slot(channel: "DLTV4", date: monday, time: TimeOfDay(hour: 9, minute: 25)!, in: db) == nil)
            #expect(try Timetable.slot(grade: "P4", date: monday, time: TimeOfDay(hour: 9, minute: 31)!, in: db)?.subject == "ภาษาไทย")
            // Tuesday has no slots; a date outside the term has none either.
            #expect(try Timetable.slot(channel: "DLTV4", date: monday.adding(days: 1), time: TimeOfDay(hour: 8, minute: 45)!, in: db) == nil)
            #expect(try Timetable.slots(channel: "DLTV4", on: LocalDate(year: 2026, month: 10, day: 19)!, in: db).isEmpty)
        }
    }

    @Test func readsBuddhistYearsAsGregorian() {
        #expect(LocalDate(parsing: "2569-06-12") == LocalDate(year: 2026, month: 6, day: 12))
        #expect(LocalDate(parsing: "12/06/2569") == LocalDate(year: 2026, month: 6, day: 12))
        #expect(LocalDate(parsing: "2026-02-30") == nil)
        #expect(LocalDate(year: 2026, month: 6, day: 12)!.buddhistYear == 2569)
    }

    /// ปีการศึกษา 2569 runs from 16 May 2026 to 15 May 2027: January and March belong to the year before.
    @Test func theAcademicYearStartsOnTheSixteenthOfMay() {
        #expect(LocalDate(year: 2026, month: 5, day: 15)!.academicYear == 2568)
        #expect(LocalDate(year: 2026, month: 5, day: 16)!.academicYear == 2569)
        #expect(LocalDate(year: 2026, month: 11, day: 21)!.academicYear == 2569)
        #expect(LocalDate(year: 2027, month: 3, day: 1)!.academicYear == 2569)
    }
}
