import Foundation
import KlaiCatalog
import KlaiLearning
import KlaiStore
import Testing

@testable import KlaiEvaluation

@Suite struct RepairTests {
    static func day(_ d: Int) -> LocalDate { LocalDate(year: 2026, month: 6, day: d)! }

    func classroomWithReceiver(_ f: EvaluationFixture) throws -> (classroom: Int64, receiver: Int64) {
        try f.write { db in
            let room = try Readiness.addClassroom(db, by: f.director, schoolID: f.school, name: "ป.4/1")
            _ = try Readiness.addEquipment(db, by: f.director, classroomID: room, kind: .tv)
            _ = try Readiness.addEquipment(db, by: f.director, classroomID: room, kind: .dishLNB)
            let receiver = try Readiness.addEquipment(db, by: f.director, classroomID: room, kind: .satelliteReceiver, label: "IRD")
            return (room, receiver)
        }
    }

    @Test func aTeacherReportsABrokenReceiverAndTheDirectorTakesItToClosed() throws {
        let f = try EvaluationFixture()
        let (room, receiver) = try classroomWithReceiver(f)
        let request = try f.write { db in
            try Repairs.report(
                db, by: f.teacher, classroomID: room, equipmentID: receiver, problem: .brokenDevice,
                description: "กล่องรับสัญญาณไม่ติด", on: Self.day(15))
        }
        let broken = try f.read { db in try Readiness.classrooms(db, viewer: f.director, schoolID: f.school) }
        #expect(broken.first?.canWatchBroadcast == false)
        try f.write { db in
            try Repairs.acknowledge(db, by: f.director, repairID: request.id, on: Self.day(16))
            try Repairs.markFixed(db, by: f.director, repairID: request.id, on: Self.day(19), repairedBy: .localTechnician)
            try Repairs.close(db, by: f.director, repairID: request.id, on: Self.day(22))
        }
        let (closed, rooms, audit) = try f.read { db in
            (
                try Repairs.load(db, id: request.id), try Readiness.classrooms(db, viewer: f.teacher, schoolID: f.school),
                try AuditLog.recent(db).filter { $0.target == "repair:\(request.id)" }.map(\.action)
            )
        }
        #expect(closed.state == .closed && closed.daysToFix == 4 && closed.repairedBy == .localTechnician)
        #expect(rooms.first?.canWatchBroadcast == true)
        #expect(audit == ["repair.closed", "repair.fixed", "repair.acknowledged", "repair.report"])
    }

    @Test func stepsOutOfOrderByTheWrongPersonOrBackInTimeAreRefused() throws {
        let f = try EvaluationFixture()
        let (room, _) = try classroomWithReceiver(f)
        let request = try f.write { db in
            try Repairs.report(db, by: f.director, classroomID: room, problem: .signal, description: "ภาพล้ม", on: Self.day(15))
        }
        #expect(throws: EvaluationError.self) { try f.write { db in try Repairs.close(db, by: f.director, repairID: request.id, on: Self.day(16)) } }
        #expect(throws: EvaluationError.self) { try f.write { db in try Repairs.acknowledge(db, by: f.teacher, repairID: request.id, on: Self.day(16)) } }
        #expect(throws: EvaluationError.self) { try f.write { db in try Repairs.acknowledge(db, by: f.supervisor, repairID: request.id, on: Self.day(16)) } }
        #expect(throws: EvaluationError.self) { try f.write { db in try Repairs.acknowledge(db, by: f.director, repairID: request.id, on: Self.day(14)) } }
        #expect(throws: EvaluationError.self) {
            try f.write { db in
                try Repairs.report(db, by: f.otherSupervisor, classroomID: room, problem: .signal, description: "", on: Self.day(15))
            }
        }
        #expect(try f.read { db in try Repairs.load(db, id: request.id) }.state == .reported)
    }

    @Test func classroomDaysLostCountSchoolDaysOnceEvenWhenTwoRequestsOverlap() throws {
        let f = try EvaluationFixture()
        let (room, receiver) = try classroomWithReceiver(f)
        // Receiver: reported Friday 12 June, fixed Wednesday 17 June → Fri, Mon, Tue lost (3 school days, 5 days to fix).
        // Electricity: reported Monday 15 June, still open on Thursday 18 June → Mon, Tue overlap; Wed, Thu added.
        try f.write { db in
            let receiverRequest = try Repairs.report(
                db, by: f.teacher, classroomID: room, equipmentID: receiver, problem: .brokenDevice,
                description: "", on: Self.day(12))
            try Repairs.acknowledge(db, by: f.director, repairID: receiverRequest.id, on: Self.day(12))
            try Repairs.markFixed(db, by: f.director, repairID: receiverRequest.id, on: Self.day(17), repairedBy: .warranty)
            _ = try Repairs.report(db, by: f.teacher, classroomID: room, problem: .electricity, description: "", on: Self.day(15))
        }
        let requests = try f.read { db in try Repairs.list(db, viewer: f.director, schoolID: f.school, from: Self.day(1), through: Self.day(30)) }
        let summary = RepairSummary(requests, asOf: Self.day(18))
        #expect(summary.reported == 2 && summary.open == 1 && summary.fixed == 1 && summary.meanDaysToFix == 5)
        #expect(summary.classroomDaysLost == 5)
        #expect(summary.byProblem == ["broken_device": 1, "electricity": 1])
    }
}
